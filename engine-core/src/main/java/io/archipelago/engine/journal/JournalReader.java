package io.archipelago.engine.journal;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.CorruptRecordException;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordHeader;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads an island's journal record by record, verifying each checksum and that the island sequence is dense. Not
 * thread safe; one reader per thread.
 */
public final class JournalReader implements RecordSource, AutoCloseable
{
    private final int island;
    private final String path;
    private final ExcerptTailer tailer;
    private final RecordCodec codec = new RecordCodec();
    private final RecordHeader header = new RecordHeader();
    private final Command command = new Command();
    private long index = -1;
    private long expectedSequence = 1;

    JournalReader(final int island, final String path, final ExcerptTailer tailer)
    {
        this.island = island;
        this.path = path;
        this.tailer = tailer;
    }

    /**
     * Reads the next record.
     *
     * @return false at the end of the journal.
     * @throws CorruptJournalException when the record is damaged or out of sequence.
     */
    @Override
    public boolean next()
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
            index = dc.index();
            final int length = Journal.readInto(dc, codec.bytes());
            if (length < 0)
            {
                throw new CorruptJournalException(island, path, index, "record longer than any this version writes",
                    null);
            }
            try
            {
                codec.decode(length, header, command);
            }
            catch (final CorruptRecordException ex)
            {
                throw new CorruptJournalException(island, path, index, ex.getMessage(), ex);
            }
        }
        if (header.sequence() != expectedSequence)
        {
            throw new CorruptJournalException(island, path, index, "island sequence " + header.sequence() +
                " where " + expectedSequence + " was expected (a record is missing or repeated)", null);
        }
        expectedSequence++;
        return true;
    }

    /**
     * Positions the reader just after a record known from a snapshot: moves to its Chronicle index and reads it,
     * checking it carries the expected island sequence. The next {@link #next()} reads the record after it.
     *
     * @param index    the record's Chronicle index.
     * @param sequence its island sequence.
     * @return false when the journal has no record at that index.
     * @throws CorruptJournalException when the record there is damaged or has another sequence.
     */
    public boolean startAfter(final long index, final long sequence)
    {
        if (!tailer.moveToIndex(index))
        {
            return false;
        }
        expectedSequence = sequence;
        return next();
    }

    /**
     * @return the header of the record last read.
     */
    @Override
    public RecordHeader header()
    {
        return header;
    }

    /**
     * @return the input of the record last read (reused by the next call).
     */
    @Override
    public Command command()
    {
        return command;
    }

    /**
     * @return the Chronicle index of the record last read.
     */
    public long index()
    {
        return index;
    }

    /**
     * @return the island sequence of the last record read, 0 before the first.
     */
    public long lastSequence()
    {
        return expectedSequence - 1;
    }

    @Override
    public void close()
    {
        tailer.close();
    }
}
