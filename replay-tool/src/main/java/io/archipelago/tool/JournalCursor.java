package io.archipelago.tool;

import java.nio.file.Path;

import io.archipelago.engine.SnapshotStore;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalReader;

/**
 * Positions a reader of one island's journal near a sequence without decoding every record before it: a snapshot
 * taken before that sequence records the Chronicle index of its last record, so reading can resume right after it.
 * Snapshots that are damaged, foreign or point past the journal are passed over; without a usable one, reading
 * starts at the journal's first record. Snapshot files are only read.
 */
final class JournalCursor
{
    private JournalCursor()
    {
    }

    /**
     * @param journal   the island's journal.
     * @param snapshots the island's snapshot directory.
     * @param partition the island.
     * @param from      the first sequence wanted, at least 1.
     * @return an open reader whose next record has a sequence of at most {@code from}; the caller closes it.
     */
    static JournalReader readerFrom(final Journal journal, final Path snapshots, final int partition, final long from)
    {
        if (from > 1)
        {
            for (final Path file : new SnapshotStore(snapshots).list())
            {
                final JournalReader reader = afterSnapshot(journal, file, partition, from);
                if (null != reader)
                {
                    return reader;
                }
            }
        }
        return journal.reader();
    }

    private static JournalReader afterSnapshot(final Journal journal, final Path file, final int partition,
        final long from)
    {
        final SnapshotStore.Snapshot snapshot;
        try
        {
            snapshot = SnapshotStore.read(file);
        }
        catch (final IllegalStateException ex)
        {
            return null;
        }
        if (snapshot.island() != partition || snapshot.sequence() >= from || snapshot.sequence() < 1)
        {
            return null;
        }
        final JournalReader reader = journal.reader();
        boolean positioned = false;
        try
        {
            positioned = reader.startAfter(snapshot.journalIndex(), snapshot.sequence());
        }
        catch (final RuntimeException ex)
        {
            positioned = false;
        }
        if (!positioned)
        {
            reader.close();
            return null;
        }
        return reader;
    }
}
