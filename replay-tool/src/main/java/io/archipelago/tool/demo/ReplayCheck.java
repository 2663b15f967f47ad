package io.archipelago.tool.demo;

import java.util.ArrayList;
import java.util.List;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.IslandRecovery;
import io.archipelago.tool.ExitCodes;
import io.archipelago.tool.ToolException;

/**
 * Reopens a closed data directory, which rebuilds every island from its journal in parallel, and compares each
 * island's digest with the one it had at close.
 *
 * @param performed            false when there was nothing to replay (an engine without a journal).
 * @param digests              each island's digest after replay, by partition; empty when not performed.
 * @param mismatched           islands whose digest after replay differs from the one at close (or that recorded none
 *                             at close).
 * @param records              journal records replayed over all islands.
 * @param nanos                wall time of reopening, replay included.
 * @param cleanShutdownVerified whether the engine found every journal ending where its clean shutdown left it.
 */
record ReplayCheck(boolean performed, List<String> digests, List<Integer> mismatched, long records, long nanos,
    boolean cleanShutdownVerified)
{
    /**
     * @return the check of a run that kept no journal.
     */
    static ReplayCheck skipped()
    {
        return new ReplayCheck(false, List.of(), List.of(), 0, 0, false);
    }

    /**
     * @param config          the configuration the directory was written with.
     * @param expectedDigests each island's digest at close, by partition.
     * @return what replay reached.
     * @throws ToolException when the directory cannot be reopened; the message names the directory.
     */
    static ReplayCheck run(final ArchipelagoConfig config, final List<String> expectedDigests)
    {
        final long start = System.nanoTime();
        final long nanos;
        final List<String> digests;
        final List<IslandRecovery> recovery;
        try (Archipelago engine = Archipelago.open(config))
        {
            nanos = System.nanoTime() - start;
            recovery = engine.recovery();
            digests = engine.digests();
        }
        catch (final RuntimeException ex)
        {
            throw new ToolException(ExitCodes.CHECK_FAILED,
                "replay of " + config.dataDirectory() + " failed: " + ex.getMessage(), ex);
        }

        long records = 0;
        boolean clean = true;
        for (final IslandRecovery island : recovery)
        {
            records += island.records();
            clean &= island.verified();
        }
        final List<Integer> mismatched = new ArrayList<>();
        for (int partition = 0; partition < expectedDigests.size(); partition++)
        {
            final String expected = expectedDigests.get(partition);
            if (null == expected || partition >= digests.size() || !expected.equals(digests.get(partition)))
            {
                mismatched.add(partition);
            }
        }
        return new ReplayCheck(true, digests, List.copyOf(mismatched), records, nanos, clean);
    }

    /**
     * @return whether replay was performed and every island reached its digest at close.
     */
    boolean verified()
    {
        return performed && mismatched.isEmpty();
    }

    /**
     * @return journal records replayed per second of reopening.
     */
    double recordsPerSecond()
    {
        return nanos == 0 ? 0 : records * 1e9 / nanos;
    }
}
