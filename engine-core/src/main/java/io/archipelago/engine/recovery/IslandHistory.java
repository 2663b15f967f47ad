package io.archipelago.engine.recovery;

import java.util.List;

import io.archipelago.engine.journal.RecordSource;

/**
 * What survives a crash of one island: its journal, its snapshots, its clean-shutdown record and what the directory's
 * manifest records of it. The
 * {@link IslandLoader} rebuilds an island from it; the engine and the read-only tools read it from a data directory
 * ({@link DirectoryHistory}), the simulator from memory.
 */
public interface IslandHistory
{
    /**
     * @return the island.
     */
    int island();

    /**
     * @return how the journal is named in messages (its path).
     */
    String journalName();

    /**
     * @return a reader at the journal's first record; the caller closes it.
     */
    RecordSource reader();

    /**
     * @param journalIndex the journal position a snapshot recorded.
     * @param sequence     the island sequence of the record there.
     * @return a reader whose next record follows that record, or {@code null} when the journal has no record at that
     *         position; the caller closes it.
     */
    RecordSource readerAfter(long journalIndex, long sequence);

    /**
     * @return the island sequences of the snapshots present, newest first (readable or not).
     */
    List<Long> snapshotSequences();

    /**
     * @param sequence one of {@link #snapshotSequences()}.
     * @return the snapshot, verified.
     * @throws IllegalStateException naming the snapshot when it is damaged or foreign.
     */
    SnapshotStore.Snapshot readSnapshot(long sequence);

    /**
     * @param sequence one of {@link #snapshotSequences()}.
     * @return how that snapshot is named in messages.
     */
    String snapshotName(long sequence);

    /**
     * @return the clean-shutdown record, or {@code null} when there is none.
     * @throws IllegalStateException naming the file when it exists but is unreadable.
     */
    CleanShutdownFile cleanShutdown();

    /**
     * @return how the clean-shutdown record is named in messages.
     */
    String cleanShutdownName();

    /**
     * @return the highest island sequence the directory's manifest records as durable for this island, 0 when there
     *         is no manifest.
     * @throws IllegalStateException naming the manifest when it is unreadable or damaged.
     */
    long durableFloor();

    /**
     * @return how the manifest is named in messages.
     */
    String durableFloorName();
}
