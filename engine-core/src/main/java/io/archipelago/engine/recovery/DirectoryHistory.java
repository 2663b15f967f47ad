package io.archipelago.engine.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordHeader;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalReader;
import io.archipelago.engine.journal.RecordSource;

/**
 * An island's history as it lies in a data directory: its Chronicle journal (opened by the caller, for appending or
 * read-only), its snapshot files and its clean-shutdown file. Reading it writes nothing.
 */
public final class DirectoryHistory implements IslandHistory
{
    private static final RecordSource EMPTY = new RecordSource()
    {
        @Override
        public boolean next()
        {
            return false;
        }

        @Override
        public RecordHeader header()
        {
            throw new IllegalStateException("an empty journal has no record");
        }

        @Override
        public Command command()
        {
            throw new IllegalStateException("an empty journal has no record");
        }
    };

    private final DataDirectoryLayout layout;
    private final int island;
    private final Journal journal;

    /**
     * @param layout  the data directory.
     * @param island  the island.
     * @param journal its journal, open, or {@code null} when the island has no journal file yet (it reads as empty).
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

    /**
     * @param layout the data directory.
     * @param island an island.
     * @return true when the island's journal directory holds Chronicle queue files.
     */
    public static boolean hasJournalFiles(final DataDirectoryLayout layout, final int island)
    {
        final Path directory = layout.journal(island);
        if (!Files.isDirectory(directory))
        {
            return false;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.cq4"))
        {
            return files.iterator().hasNext();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list journal " + directory, ex);
        }
    }

    @Override
    public String journalName()
    {
        return layout.journal(island).toString();
    }

    @Override
    public RecordSource reader()
    {
        return null == journal ? EMPTY : journal.reader();
    }

    @Override
    public RecordSource readerAfter(final long journalIndex, final long sequence)
    {
        if (null == journal)
        {
            return null;
        }
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
