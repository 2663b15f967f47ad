package io.archipelago.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;

import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalReader;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.logic.LogicSnapshot;
import io.archipelago.engine.logic.TransferPolicy;
import io.archipelago.engine.logic.TransferStrategy;
import io.archipelago.messaging.LinkTransport;
import io.archipelago.router.DataDirectoryException;
import io.archipelago.router.MetaFile;
import io.archipelago.router.RoutingIdentity;
import org.agrona.DirectBuffer;

/**
 * Rebuilds every island's state from a data directory without writing anything to it: journals are opened read-only,
 * nothing is appended, no snapshot or clean-shutdown file is written. For operational tools (replay, audit, stats) and
 * for checking that a directory replays to the state it recorded. Islands replay in parallel.
 */
public final class OfflineReplay
{
    private OfflineReplay()
    {
    }

    /**
     * One island rebuilt.
     *
     * @param partition        the island.
     * @param logic            its rebuilt state (owned by the caller now).
     * @param snapshotSequence island sequence of the snapshot used, or -1 for the journal start.
     * @param records          journal records replayed.
     * @param lastSequence     island sequence of the last record in the journal.
     * @param lastTimestamp    journaled time of the last record (0 for an empty journal).
     * @param nanos            time taken.
     * @param cleanShutdown    what the last clean shutdown recorded, or {@code null}.
     * @param digest           the rebuilt state's digest.
     * @param snapshotChecks   when the whole journal was replayed: for each readable snapshot of the island, the
     *                         digest it recorded beside the digest replay reached at its sequence, oldest first.
     */
    public record IslandState(int partition, InventoryLogic logic, long snapshotSequence, long records,
        long lastSequence, long lastTimestamp, long nanos, CleanShutdownFile cleanShutdown, String digest,
        List<SnapshotCheck> snapshotChecks)
    {
        /**
         * @return true when the journal ends where the last clean shutdown left it and the digests agree.
         */
        public boolean matchesCleanShutdown()
        {
            return null != cleanShutdown && cleanShutdown.sequence() == lastSequence &&
                cleanShutdown.digest().equals(digest);
        }
    }

    /**
     * A snapshot compared with a replay of the journal up to the snapshot's sequence.
     *
     * @param sequence the island sequence the snapshot covers.
     * @param recorded the digest the snapshot recorded.
     * @param replayed the digest replay reached at that sequence, or {@code null} when the journal ends before it.
     */
    public record SnapshotCheck(long sequence, String recorded, String replayed)
    {
        /**
         * @return true when replay reached the recorded digest.
         */
        public boolean matches()
        {
            return recorded.equals(replayed);
        }
    }

    /**
     * Receives progress from the replay threads.
     */
    @FunctionalInterface
    public interface Progress
    {
        /**
         * @param partition an island.
         * @param records   records it has replayed so far.
         */
        void onProgress(int partition, long records);
    }

    /**
     * @param dataDirectory an Archipelago data directory.
     * @param threads       replay threads, at least 1.
     * @param useSnapshots  start from each island's newest usable snapshot (else replay whole journals).
     * @param strategy      the transfer strategy the engine runs with (besides the default).
     * @param progress      told about progress every 64k records per island, or {@code null}.
     * @return every island, by partition.
     * @throws DataDirectoryException when the directory is not an Archipelago data directory or lacks an island.
     * @throws io.archipelago.engine.journal.CorruptJournalException when a journal is damaged.
     */
    public static List<IslandState> replay(final Path dataDirectory, final int threads, final boolean useSnapshots,
        final TransferStrategy strategy, final Progress progress)
    {
        final RoutingIdentity identity = MetaFile.read(dataDirectory);
        final int partitions = identity.partitions();
        for (int i = 0; i < partitions; i++)
        {
            final Path journal = Archipelago.partitionDirectory(dataDirectory, i).resolve("journal");
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
            for (int i = 0; i < partitions; i++)
            {
                final int partition = i;
                futures.add(pool.submit(() -> replayIsland(dataDirectory, partition, partitions, useSnapshots,
                    strategy, progress)));
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

    private static IslandState replayIsland(final Path dataDirectory, final int partition, final int partitions,
        final boolean useSnapshots, final TransferStrategy strategy, final Progress progress)
    {
        final long start = System.nanoTime();
        final Path directory = Archipelago.partitionDirectory(dataDirectory, partition);
        IslandCore core = newCore(partition, partitions, strategy);
        final List<SnapshotCheck> checks = new ArrayList<>();
        long snapshotSequence = -1;
        long records = 0;
        try (Journal journal = Journal.openReadOnly(partition, directory.resolve("journal")))
        {
            if (useSnapshots)
            {
                for (final Path file : new SnapshotStore(directory.resolve("snapshots")).list())
                {
                    try
                    {
                        final SnapshotStore.Snapshot snapshot = SnapshotStore.read(file);
                        final InventoryLogic restored = LogicSnapshot.read(snapshot.state(), strategy);
                        if (snapshot.island() != partition || snapshot.islands() != partitions ||
                            !restored.digest().equals(snapshot.digest()))
                        {
                            continue;
                        }
                        try (JournalReader reader = journal.reader())
                        {
                            if (!reader.startAfter(snapshot.journalIndex(), snapshot.sequence()))
                            {
                                continue;
                            }
                            core.restore(restored, snapshot.sequence(), snapshot.timestamp(),
                                snapshot.journalIndex());
                            records = replayWithProgress(core, reader, partition, progress);
                            snapshotSequence = snapshot.sequence();
                            break;
                        }
                    }
                    catch (final IllegalStateException ex)
                    {
                        core = newCore(partition, partitions, strategy);
                        records = 0;
                    }
                }
            }
            if (snapshotSequence < 0)
            {
                final List<SnapshotStore.Snapshot> snapshots = readableSnapshots(directory, partition, partitions);
                final String[] reached = new String[snapshots.size()];
                final IslandCore replaying = core;
                try (JournalReader reader = journal.reader())
                {
                    records = replayWithProgress(core, new CheckpointSource(reader, () ->
                    {
                        for (int i = 0; i < reached.length; i++)
                        {
                            if (snapshots.get(i).sequence() == replaying.sequence())
                            {
                                reached[i] = replaying.logic().digest();
                            }
                        }
                    }), partition, progress);
                }
                for (int i = 0; i < reached.length; i++)
                {
                    checks.add(new SnapshotCheck(snapshots.get(i).sequence(), snapshots.get(i).digest(), reached[i]));
                }
            }
        }
        final String digest = core.logic().digest();
        return new IslandState(partition, core.logic(), snapshotSequence, records, core.sequence(),
            core.lastTimestamp(), System.nanoTime() - start, CleanShutdownFile.read(directory), digest,
            List.copyOf(checks));
    }

    private static List<SnapshotStore.Snapshot> readableSnapshots(final Path directory, final int partition,
        final int partitions)
    {
        final List<SnapshotStore.Snapshot> snapshots = new ArrayList<>();
        for (final Path file : new SnapshotStore(directory.resolve("snapshots")).list())
        {
            try
            {
                final SnapshotStore.Snapshot snapshot = SnapshotStore.read(file);
                if (snapshot.island() == partition && snapshot.islands() == partitions)
                {
                    snapshots.add(0, snapshot);
                }
            }
            catch (final IllegalStateException ex)
            {
                continue;
            }
        }
        return snapshots;
    }

    /**
     * Runs an action before each record is read, and once more at the end: each time, the state covers exactly the
     * records read so far (snapshot checks, progress).
     */
    private static final class CheckpointSource implements io.archipelago.engine.journal.RecordSource
    {
        private final io.archipelago.engine.journal.RecordSource reader;
        private final Runnable check;

        CheckpointSource(final io.archipelago.engine.journal.RecordSource reader, final Runnable check)
        {
            this.reader = reader;
            this.check = check;
        }

        @Override
        public boolean next()
        {
            check.run();
            return reader.next();
        }

        @Override
        public io.archipelago.engine.codec.RecordHeader header()
        {
            return reader.header();
        }

        @Override
        public io.archipelago.engine.codec.Command command()
        {
            return reader.command();
        }
    }

    private static IslandCore newCore(final int partition, final int partitions, final TransferStrategy strategy)
    {
        return new IslandCore(partition, new InventoryLogic(partition, partitions, strategy), null, NO_LINKS, false,
            1);
    }

    private static long replayWithProgress(final IslandCore core,
        final io.archipelago.engine.journal.RecordSource reader, final int partition, final Progress progress)
    {
        if (null == progress)
        {
            return core.replay(reader);
        }
        final long[] reads = new long[1];
        final long replayed = core.replay(new CheckpointSource(reader, () ->
        {
            if (reads[0] > 0 && (reads[0] & 0xFFFF) == 0)
            {
                progress.onProgress(partition, reads[0]);
            }
            reads[0]++;
        }));
        progress.onProgress(partition, replayed);
        return replayed;
    }

    private static final LinkTransport NO_LINKS = new LinkTransport()
    {
        private final AtomicLongArray none = new AtomicLongArray(1);

        @Override
        public boolean offer(final int source, final int target, final long sequence, final DirectBuffer buffer,
            final int offset, final int length)
        {
            return false;
        }

        @Override
        public void acknowledge(final int source, final int target, final long sequence)
        {
        }

        @Override
        public long acknowledged(final int source, final int target)
        {
            return none.get(0);
        }
    };

    /**
     * @return the default transfer strategy (for directories written with the default policy).
     */
    public static TransferStrategy defaultStrategy()
    {
        return TransferPolicy.DEFAULT.strategy();
    }
}
