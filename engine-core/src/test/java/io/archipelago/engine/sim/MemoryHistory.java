package io.archipelago.engine.sim;

import java.util.List;

import io.archipelago.engine.journal.RecordSource;
import io.archipelago.engine.recovery.CleanShutdownFile;
import io.archipelago.engine.recovery.IslandHistory;
import io.archipelago.engine.recovery.SnapshotStore;

/**
 * What survives a simulated crash of an island: its {@link MemoryJournal} and at most one snapshot. Journal positions
 * are record numbers from 0, so a snapshot after sequence {@code s} names position {@code s - 1}.
 */
final class MemoryHistory implements IslandHistory
{
    private final int island;
    private final MemoryJournal journal;
    private final SnapshotStore.Snapshot snapshot;

    /**
     * @param island   the island.
     * @param journal  its journal.
     * @param snapshot its snapshot, or {@code null}.
     */
    MemoryHistory(final int island, final MemoryJournal journal, final SnapshotStore.Snapshot snapshot)
    {
        this.island = island;
        this.journal = journal;
        this.snapshot = snapshot;
    }

    @Override
    public int island()
    {
        return island;
    }

    @Override
    public String journalName()
    {
        return "memory journal of island " + island;
    }

    @Override
    public RecordSource reader()
    {
        return journal.reader();
    }

    @Override
    public RecordSource readerAfter(final long journalIndex, final long sequence)
    {
        if (journalIndex != sequence - 1 || sequence > journal.size())
        {
            return null;
        }
        return journal.reader(sequence + 1);
    }

    @Override
    public List<Long> snapshotSequences()
    {
        return null == snapshot ? List.of() : List.of(snapshot.sequence());
    }

    @Override
    public SnapshotStore.Snapshot readSnapshot(final long sequence)
    {
        if (null == snapshot || snapshot.sequence() != sequence)
        {
            throw new IllegalStateException("no snapshot at " + sequence);
        }
        return snapshot;
    }

    @Override
    public String snapshotName(final long sequence)
    {
        return "memory snapshot of island " + island + " at " + sequence;
    }

    @Override
    public CleanShutdownFile cleanShutdown()
    {
        return null;
    }

    @Override
    public String cleanShutdownName()
    {
        return "memory clean-shutdown of island " + island;
    }

    @Override
    public long durableFloor()
    {
        return 0;
    }

    @Override
    public String durableFloorName()
    {
        return "memory manifest";
    }
}
