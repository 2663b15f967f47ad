package io.archipelago.engine.journal;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.CorruptRecordException;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.codec.RecordHeader;
import java.util.function.LongSupplier;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wires;

/**
 * Reads an island's journal record by record, verifying each checksum and that the island sequence is dense. Not
 * thread safe; one reader per thread.
 * <p>
 * At the end of the journal it checks that nothing readable is hidden behind the last record: a damaged excerpt header
 * makes Chronicle treat the rest of its file as unwritten. After the last record there may be complete metadata
 * excerpts and at most one unfinished excerpt (a write torn by a crash, never acknowledged: its header may still be
 * zero or not say its length yet, so up to the longest record's bytes after it may hold part of it); any other byte that is not
 * zero in the {@link #HIDDEN_TAIL_WINDOW} bytes that follow is a hidden tail, refused with the file offset. A complete
 * record right after the end (no unfinished excerpt before it) is one a live writer finished after this reader looked:
 * it is readable, not hidden.
 * <pre>
 *   ... | record n | [metadata]* | [unfinished excerpt + up to MAX_RECORD_LENGTH bytes, at most one]
 *       | zeros (checked for HIDDEN_TAIL_WINDOW bytes)
 * </pre>
 */
public final class JournalReader implements RecordSource, AutoCloseable
{
    private final int island;
    private final String path;
    private final ExcerptTailer tailer;
    private final RecordCodec codec = new RecordCodec();
    private final RecordHeader header = new RecordHeader();
    private final Command command = new Command();
    /** Bytes after the last record (and a torn excerpt) that must be zero. */
    static final int HIDDEN_TAIL_WINDOW = 64 * 1024;
    private static final int HEADER_LENGTH = Wires.SPB_HEADER_SIZE;

    private long index = -1;
    private long expectedSequence = 1;
    private Bytes<?> lastBytes;
    private long lastEnd = -1;
    private boolean tailChecked;

    private final LongSupplier lastIndexed;
    private final LongSupplier firstIndexed;

    JournalReader(final int island, final String path, final ExcerptTailer tailer, final LongSupplier firstIndexed,
        final LongSupplier lastIndexed)
    {
        this.island = island;
        this.path = path;
        this.tailer = tailer;
        this.firstIndexed = firstIndexed;
        this.lastIndexed = lastIndexed;
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
                if (!tailChecked)
                {
                    tailChecked = true;
                    checkNothingHidden();
                }
                return false;
            }
            index = dc.index();
            lastBytes = dc.wire().bytes();
            lastEnd = lastBytes.readLimit();
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
     * Walks the excerpt headers after the last record read: metadata is skipped, one unfinished excerpt (a torn write)
     * is allowed, then the window must hold only zeros.
     */
    private void checkNothingHidden()
    {
        checkIndexedExcerptsRead();
        final Bytes<?> bytes = lastBytes;
        if (null == bytes || lastEnd < 0)
        {
            return;
        }
        try
        {
            long position = align(lastEnd);
            boolean tornSeen = false;
            while (true)
            {
                final int header = bytes.readInt(position);
                if (header == Wires.END_OF_DATA || (header == Wires.NOT_INITIALIZED && tornSeen))
                {
                    break;
                }
                if (header == Wires.NOT_INITIALIZED)
                {
                    tornSeen = true;
                    position = align(position + HEADER_LENGTH + RecordDescriptor.MAX_RECORD_LENGTH);
                    continue;
                }
                final int length = header & Wires.LENGTH_MASK;
                final boolean complete = (header & Wires.NOT_COMPLETE) == 0;
                final boolean metaData = (header & Wires.META_DATA) != 0;
                if (complete && metaData)
                {
                    position = align(position + HEADER_LENGTH + length);
                    continue;
                }
                if (complete && !tornSeen)
                {
                    return;
                }
                if (!complete && !tornSeen && length <= RecordDescriptor.MAX_RECORD_LENGTH)
                {
                    tornSeen = true;
                    position = align(position + HEADER_LENGTH +
                        (length == Wires.UNKNOWN_LENGTH ? RecordDescriptor.MAX_RECORD_LENGTH : length));
                    continue;
                }
                throw hiddenTail(position);
            }
            final long end = position + HIDDEN_TAIL_WINDOW;
            for (long at = position; at < end; at += Long.BYTES)
            {
                if (bytes.readLong(at) != 0)
                {
                    throw hiddenTail(at);
                }
            }
        }
        catch (final CorruptJournalException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            if (ex.getClass().getName().startsWith("net.openhft.") || ex instanceof IllegalStateException ||
                ex instanceof IndexOutOfBoundsException)
            {
                return;
            }
            throw ex;
        }
    }

    /**
     * Chronicle's own index knows how many excerpts were written to the newest file; all but one (a torn write) must
     * have been read. Catches a hidden journal even when not one record could be read.
     */
    private void checkIndexedExcerptsRead()
    {
        final long last = lastIndexed.getAsLong();
        if (last < 0)
        {
            return;
        }
        final long readUpTo = index >= 0 ? index : firstIndexed.getAsLong() - 1;
        if (readUpTo >= 0 && sameCycle(last, readUpTo + 1) && last - readUpTo > 1)
        {
            throw new CorruptJournalException(island, path, index < 0 ? last : index, "Chronicle indexes excerpts up " +
                "to index 0x" + Long.toHexString(last) + " but reading ends at " + (index < 0 ? "the start" :
                "0x" + Long.toHexString(index)) + " (island sequence " + lastSequence() + "): an excerpt header is " +
                "damaged and the rest of the journal is hidden; refusing to read past it or append after it", null);
        }
    }

    private static boolean sameCycle(final long a, final long b)
    {
        return (a >>> 32) == (b >>> 32);
    }

    private static long align(final long position)
    {
        return (position + HEADER_LENGTH - 1) & ~(long)(HEADER_LENGTH - 1);
    }

    private CorruptJournalException hiddenTail(final long offset)
    {
        return new CorruptJournalException(island, path, index, "bytes at file offset " + offset + " follow the last " +
            "readable record (island sequence " + lastSequence() + ") but cannot be read: an excerpt header is " +
            "damaged and the rest of the journal is hidden; refusing to read past it or append after it", null);
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
