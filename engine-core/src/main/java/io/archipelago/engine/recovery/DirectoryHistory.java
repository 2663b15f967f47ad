package io.archipelago.engine.recovery;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalReader;
import io.archipelago.engine.journal.RecordSource;

/**
 * An island's history as it lies in a data directory: its Chronicle journal (opened by the caller, for appending or
 * read-only), its snapshot files and its clean-shutdown file. Reading it writes nothing.
 */
public final class DirectoryHistory implements IslandHistory
{
    private final DataDirectoryLayout layout;
    private final int island;
    private final Journal journal;

    /**
     * @param layout  the data directory.
     * @param island  the island.
     * @param journal its journal, open.
     */
    public DirectoryHistory(final DataDirectoryLayout layout, final int island, final Journal journal)
    {
        this.layout = layout;
        this.island = island;
        this.journal = journal;
    }

    @Override
    public int island()
    {
        return island;
    }

    @Override
    public String journalName()
    {
        return journal.directory().toString();
    }

    @Override
    public RecordSource reader()
    {
        return journal.reader();
    }

    @Override
    public RecordSource readerAfter(final long journalIndex, final long sequence)
    {
        final JournalReader reader = journal.reader();
        boolean positioned = false;
        try
        {
            positioned = reader.startAfter(journalIndex, sequence);
            return positioned ? reader : null;
        }
        finally
        {
            if (!positioned)
            {
                reader.close();
            }
        }
    }

    @Override
    public List<Long> snapshotSequences()
    {
        final List<Long> sequences = new ArrayList<>();
        for (final Path file : new SnapshotStore(layout, island).list())
        {
            sequences.add(DataDirectoryLayout.snapshotSequenceOf(file));
        }
        return sequences;
    }

    @Override
    public SnapshotStore.Snapshot readSnapshot(final long sequence)
    {
        return SnapshotStore.read(layout.snapshot(island, sequence));
    }

    @Override
    public String snapshotName(final long sequence)
    {
        return layout.snapshot(island, sequence).toString();
    }

    @Override
    public CleanShutdownFile cleanShutdown()
    {
        return CleanShutdownFile.read(layout.cleanShutdown(island));
    }

    @Override
    public String cleanShutdownName()
    {
        return layout.cleanShutdown(island).toString();
    }

    @Override
    public long durableFloor()
    {
        final Manifest manifest = Manifest.read(layout);
        if (null == manifest)
        {
            return 0;
        }
        if (island >= manifest.partitions())
        {
            throw new IllegalStateException("unreadable manifest " + layout.manifest() + ": it knows " +
                manifest.partitions() + " islands, not island " + island);
        }
        return manifest.durable(island);
    }

    @Override
    public String durableFloorName()
    {
        return layout.manifest().toString();
    }
}
