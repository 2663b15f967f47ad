package io.archipelago.engine.recovery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.core.IslandCore;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.model.TransferPolicy;
import io.archipelago.engine.model.TransferStrategy;
import io.archipelago.messaging.LinkTransport;
import io.archipelago.router.DataDirectoryException;
import io.archipelago.router.MetaFile;
import io.archipelago.router.RoutingIdentity;

/**
 * Rebuilds every island's state from a data directory without writing anything to it: journals are opened read-only,
 * nothing is appended, no snapshot or clean-shutdown file is written. Each island is loaded by the same
 * {@link IslandLoader} the engine uses. A file that cannot be read is thrown as the loader's refusal; records missing
 * below a snapshot or clean shutdown, or a digest that differs from the clean shutdown's, are reported in the
 * island's result instead, so a tool can show every island's state and say what the engine would refuse. For operational tools (replay, audit, stats). Islands replay in parallel.
 */
public final class OfflineReplay
{
    private OfflineReplay()
    {
    }

    /**
     * One island rebuilt.
     *
     * @param partition    the island.
     * @param logic        its rebuilt state (owned by the caller now).
     * @param lastSequence island sequence of the last record in the journal.
     * @param lastTimestamp journaled time of the last record (0 for an empty journal).
     * @param digest       the rebuilt state's digest.
     * @param load         what the loader did, with its refusal if any.
     */
    public record IslandState(int partition, InventoryLogic logic, long lastSequence, long lastTimestamp,
        String digest, IslandLoader.Result load)
    {
        /**
         * @return island sequence of the snapshot used, or -1 for the journal start.
         */
        public long snapshotSequence()
        {
            return load.snapshotSequence();
        }

        /**
         * @return journal records replayed.
         */
        public long records()
        {
            return load.records();
        }

        /**
         * @return time taken.
         */
        public long nanos()
        {
            return load.nanos();
        }

        /**
         * @return what the last clean shutdown recorded, or {@code null}.
         */
        public CleanShutdownFile cleanShutdown()
        {
            return load.cleanShutdown();
        }

        /**
         * @return when the whole journal was replayed: for each readable snapshot of the island, the digest it
         *         recorded beside the digest replay reached at its sequence, oldest first.
         */
        public List<IslandLoader.SnapshotCheck> snapshotChecks()
        {
            return load.snapshotChecks();
        }

        /**
         * @return true when the journal ends where the last clean shutdown left it and the digests agree.
         */
        public boolean matchesCleanShutdown()
        {
            return load.verified();
        }
    }

    /**
     * @param dataDirectory an Archipelago data directory.
     * @param threads       replay threads, at least 1.
     * @param useSnapshots  start from each island's newest usable snapshot (else replay whole journals and check
     *                      every readable snapshot against the replay).
     * @param strategy      the transfer strategy the engine runs with (besides the default).
     * @param progress      told about progress every 64k records per island, or {@code null}.
     * @return every island, by partition.
     * @throws DataDirectoryException when the directory is not an Archipelago data directory or lacks an island.
     * @throws io.archipelago.engine.journal.CorruptJournalException when a journal is damaged.
     */
    public static List<IslandState> replay(final Path dataDirectory, final int threads, final boolean useSnapshots,
        final TransferStrategy strategy, final IslandLoader.Progress progress)
    {
        final DataDirectoryLayout layout = new DataDirectoryLayout(dataDirectory);
        final RoutingIdentity identity = MetaFile.read(dataDirectory);
        final int partitions = identity.partitions();
        for (int i = 0; i < partitions; i++)
        {
            final Path journal = layout.journal(i);
            if (!Files.isDirectory(journal))
            {
                throw new DataDirectoryException("data directory " + dataDirectory + " has no journal for island " +
                    i + " (expected " + journal + ")");
            }
        }
        final ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, partitions)), r ->
        {
            final Thread thread = new Thread(r, "archipelago-offline-replay");
            thread.setDaemon(true);
            return thread;
        });
        try
        {
            final List<Future<IslandState>> futures = new ArrayList<>(partitions);
            final IslandLoader.Options options = new IslandLoader.Options(useSnapshots, !useSnapshots, strategy,
                progress);
            for (int i = 0; i < partitions; i++)
            {
                final int partition = i;
                futures.add(pool.submit(() -> replayIsland(layout, partition, partitions, options)));
            }
            final List<IslandState> states = new ArrayList<>(partitions);
            RuntimeException failure = null;
            for (final Future<IslandState> future : futures)
            {
                try
                {
                    states.add(future.get());
                }
                catch (final ExecutionException ex)
                {
                    final RuntimeException cause = ex.getCause() instanceof RuntimeException runtime ? runtime :
                        new IllegalStateException(ex.getCause());
                    if (null == failure)
                    {
                        failure = cause;
                    }
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while replaying", ex);
                }
            }
            if (null != failure)
            {
                throw failure;
            }
            return states;
        }
        finally
        {
            pool.shutdown();
        }
    }

    private static IslandState replayIsland(final DataDirectoryLayout layout, final int partition,
        final int partitions, final IslandLoader.Options options)
    {
        final IslandCore core = readOnlyCore(partition, partitions, options.strategy());
        try (Journal journal = Journal.openReadOnly(partition, layout.journal(partition)))
        {
            final IslandLoader.Result result = IslandLoader.load(core, new DirectoryHistory(layout, partition,
                journal), options);
            if (null != result.refusal() && result.refusal().kind() == IslandRefusedException.Kind.DAMAGED)
            {
                throw result.refusal();
            }
            return new IslandState(partition, core.logic(), core.sequence(), core.lastTimestamp(),
                core.logic().digest(), result);
        }
    }

    /**
     * @param partition  the island.
     * @param partitions how many islands there are.
     * @param strategy   the transfer strategy.
     * @return an empty core that journals nothing and sends nothing, for rebuilding state to read.
     */
    public static IslandCore readOnlyCore(final int partition, final int partitions, final TransferStrategy strategy)
    {
        return new IslandCore(partition, new InventoryLogic(partition, partitions, strategy), null,
            LinkTransport.NONE, false, 1);
    }

    /**
     * @return the default transfer strategy (for directories written with the default policy).
     */
    public static TransferStrategy defaultStrategy()
    {
        return TransferPolicy.DEFAULT.strategy();
    }
}
