package io.archipelago.perf.bench;

import java.nio.file.Path;
import java.util.List;

import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.engine.recovery.OfflineReplay;

/**
 * Replay speed of a data directory the engine wrote: the raw Chronicle read rate of its journals (every document
 * opened and copied out, one island after another, not counting the time to open each queue), then {@link OfflineReplay} of whole journals (no snapshots) with
 * one replay thread and with {@code threads}. Replay includes everything recovery does to an island's state: reading,
 * checksums, dense-sequence checks, decoding, applying each record to the logic with sends suppressed, and computing
 * the state digest at the end.
 * <p>
 * One untimed replay warms the code up; then the single-thread and the parallel replay run twice each, alternately,
 * each after a full GC, and the faster of each pair is kept (a replay of a few seconds on a small machine is easily
 * disturbed by a GC or another process).
 */
public final class ReplayRun
{
    private static final int ROUNDS = 2;

    private ReplayRun()
    {
    }

    /**
     * One replay.
     *
     * @param islands       islands in the directory.
     * @param threads       replay threads.
     * @param records       records replayed (all islands).
     * @param nanos         wall time.
     * @param rawReadPerSec raw Chronicle read rate of the same journals, records/s on one thread.
     * @param digestNanos   of {@code nanos}, the time spent computing the islands' state digests at the end (measured
     *                      by computing them once more, one island after another).
     */
    public record Outcome(int islands, int threads, long records, long nanos, double rawReadPerSec,
        long digestNanos) implements java.io.Serializable
    {
        /**
         * @return records replayed per second, all islands together.
         */
        public double recordsPerSecond()
        {
            return records / (nanos / 1e9);
        }

        /**
         * @return records per second per replaying thread (islands replay one after another on a thread).
         */
        public double recordsPerSecondPerIsland()
        {
            return recordsPerSecond() / Math.min(threads, islands);
        }
    }

    /**
     * Measures the raw read rate, then replays with 1 and with {@code threads} threads.
     *
     * @param data    an engine data directory.
     * @param islands its island count.
     * @param threads replay threads of the parallel replay.
     * @return the single-thread and the parallel outcome.
     */
    public static List<Outcome> run(final Path data, final int islands, final int threads)
    {
        long rawRecords = 0;
        double rawSeconds = 0;
        for (int i = 0; i < islands; i++)
        {
            final double[] raw = Ceilings.readJournal(new DataDirectoryLayout(data).journal(i));
            rawRecords += (long)raw[1];
            rawSeconds += raw[1] / raw[0];
        }
        final double rawRate = rawRecords / rawSeconds;
        replay(data, islands, threads, rawRate);
        Outcome single = null;
        Outcome parallel = null;
        for (int round = 0; round < ROUNDS; round++)
        {
            single = faster(single, replay(data, islands, 1, rawRate));
            parallel = faster(parallel, replay(data, islands, threads, rawRate));
        }
        return List.of(single, parallel);
    }

    private static Outcome faster(final Outcome best, final Outcome next)
    {
        return null == best || next.nanos() < best.nanos() ? next : best;
    }

    private static Outcome replay(final Path data, final int islands, final int threads, final double rawRate)
    {
        System.gc();
        final long start = System.nanoTime();
        final List<OfflineReplay.IslandState> states = OfflineReplay.replay(data, threads, false,
            OfflineReplay.defaultStrategy(), null);
        final long nanos = System.nanoTime() - start;
        long records = 0;
        for (final OfflineReplay.IslandState state : states)
        {
            if (!state.matchesCleanShutdown())
            {
                throw new IllegalStateException("island " + state.partition() + " replayed to another state than " +
                    "it was shut down with");
            }
            records += state.records();
        }
        final long digestStart = System.nanoTime();
        for (final OfflineReplay.IslandState state : states)
        {
            if (!state.logic().digest().equals(state.digest()))
            {
                throw new IllegalStateException("island " + state.partition() + ": digest not repeatable");
            }
        }
        final long digestNanos = (System.nanoTime() - digestStart) / Math.min(threads, islands);
        return new Outcome(islands, threads, records, nanos, rawRate, digestNanos);
    }
}
