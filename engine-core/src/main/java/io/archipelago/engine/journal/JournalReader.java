package io.archipelago.engine.journal;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.CorruptRecordException;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.codec.RecordHeader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.function.LongSupplier;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wires;

/**
 * Reads an island's journal record by record, verifying each checksum and that the island sequence is dense. A
 * Chronicle document holds one record or a batch of them back to back ({@link RecordDescriptor#MAX_DOCUMENT_LENGTH})
 * after its frame ({@link JournalFrameDescriptor}); a document written before the frame holds the records alone, and
 * one that is neither is refused. {@link #index()} is the document's index. Not thread safe; one reader per thread.
 * <p>
 * At the end of the journal it checks that nothing readable is hidden behind the last document: a damaged excerpt
 * header makes Chronicle treat the rest of its file as unwritten. After the last document there may be complete
 * metadata excerpts and at most one unfinished excerpt (a write torn by a crash, never acknowledged: its header may
 * still be zero or not say its length yet, so up to the longest document's bytes, frame included
 * ({@link JournalFrameDescriptor#MAX_FRAMED_DOCUMENT_LENGTH}), after it may hold part of it); any
 * other byte that is not zero in the {@link #HIDDEN_TAIL_WINDOW} bytes that follow is a hidden tail, refused with the
 * file offset. A complete document right after the end (no unfinished excerpt before it) is one a live writer finished
 * after this reader looked: it is readable, not hidden.
 * <pre>
 *   ... | document (frame, records) | [metadata]* | [unfinished excerpt + up to MAX_FRAMED_DOCUMENT_LENGTH bytes,
 *       at most one]
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

    /** Expected sequence when positioning: whatever the first record read has. */
    private static final long ANY_SEQUENCE = Long.MIN_VALUE;
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
        ByteOrder.LITTLE_ENDIAN);

    /** The document last read: its frame (if any), then records back to back, each saying its length. */
    private final byte[] document = new byte[JournalFrameDescriptor.MAX_FRAMED_DOCUMENT_LENGTH];
    private int documentLength;
    private int documentPosition;
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
        if (documentPosition >= documentLength && !readDocument())
        {
            return false;
        }
        final int at = documentPosition;
        final int remaining = documentLength - at;
        final int length = remaining < RecordDescriptor.HEADER_LENGTH ? -1 :
            (int)INTS.get(document, at + RecordDescriptor.LENGTH_OFFSET);
        if (length < RecordDescriptor.HEADER_LENGTH || length > remaining ||
            length > RecordDescriptor.MAX_RECORD_LENGTH)
        {
            throw new CorruptJournalException(island, path, index, "the record at byte " + at + " of the document " +
                "(" + documentLength + " bytes) says it is " + length + " bytes long", null);
        }
        System.arraycopy(document, at, codec.bytes(), 0, length);
        documentPosition = at + length;
        try
        {
            codec.decode(length, header, command);
        }
        catch (final CorruptRecordException ex)
        {
            throw new CorruptJournalException(island, path, index, ex.getMessage(), ex);
        }
        if (expectedSequence == ANY_SEQUENCE)
        {
            expectedSequence = header.sequence();
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
     * Reads the next document into {@link #document}.
     *
     * @return false at the end of the journal.
     */
    private boolean readDocument()
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
            final int length = Journal.readInto(dc, document);
            if (length <= 0)
            {
                throw new CorruptJournalException(island, path, index, length < 0 ?
                    "document longer than any this version writes" : "empty document", null);
            }
            final int recordsOffset = JournalFrameDescriptor.recordsOffset(document, length);
            if (recordsOffset == JournalFrameDescriptor.NOT_A_JOURNAL_DOCUMENT)
            {
                throw new CorruptJournalException(island, path, index, unreadableStart(length), null);
            }
            if (recordsOffset == 0 && length > RecordDescriptor.MAX_DOCUMENT_LENGTH)
            {
                throw new CorruptJournalException(island, path, index, "unframed document longer than any " +
                    "version wrote", null);
            }
            if (recordsOffset == length)
            {
                throw new CorruptJournalException(island, path, index, "empty document", null);
            }
            documentLength = length;
            documentPosition = recordsOffset;
            return true;
        }
    }

    /**
     * @param length the document's length.
     * @return why a document that is neither framed nor unframed cannot be read, with its first bytes.
     */
    private String unreadableStart(final int length)
    {
        final StringBuilder found = new StringBuilder();
        for (int i = 0; i < Math.min(length, JournalFrameDescriptor.FRAME_LENGTH); i++)
        {
            found.append(i == 0 ? "" : " ").append(String.format("%02x", document[i] & 0xFF));
        }
        if (length >= JournalFrameDescriptor.FRAME_LENGTH &&
            document[JournalFrameDescriptor.FRAME_ZERO_OFFSET] == 0 &&
            document[JournalFrameDescriptor.RECORD_ZERO_OFFSET] != 0)
        {
            final long expected = JournalFrameDescriptor.frame(length - JournalFrameDescriptor.FRAME_LENGTH);
            final StringBuilder frame = new StringBuilder();
            for (int i = 0; i < JournalFrameDescriptor.FRAME_LENGTH; i++)
            {
                frame.append(i == 0 ? "" : " ").append(String.format("%02x", (expected >>> (i * 8)) & 0xFF));
            }
            return "the document's frame (" + found + ") is damaged: a document of " + length + " bytes is framed " +
                frame;
        }
        return "the document (" + length + " bytes) starts with " + found + ": neither a frame nor a record (a " +
            "damaged frame or record header)";
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
                    position = align(position + HEADER_LENGTH + JournalFrameDescriptor.MAX_FRAMED_DOCUMENT_LENGTH);
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
                if (!complete && !tornSeen && length <= JournalFrameDescriptor.MAX_FRAMED_DOCUMENT_LENGTH)
                {
                    tornSeen = true;
                    position = align(position + HEADER_LENGTH +
                        (length == Wires.UNKNOWN_LENGTH ? JournalFrameDescriptor.MAX_FRAMED_DOCUMENT_LENGTH : length));
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
        documentLength = 0;
        documentPosition = 0;
        expectedSequence = ANY_SEQUENCE;
        if (!next())
        {
            return false;
        }
        while (header.sequence() < sequence && documentPosition < documentLength)
        {
            next();
        }
        if (header.sequence() != sequence)
        {
            throw new CorruptJournalException(island, path, index, "the document at this index ends with island " +
                "sequence " + header.sequence() + ", not " + sequence + " (a snapshot or manifest names a record " +
                "the journal does not hold there)", null);
        }
        return true;
    }

    /**
     * Reads one record known by its document's index and its island sequence, for random access: the records before
     * it in the document are stepped over by their length, neither checked nor decoded; the record itself is checked.
     * {@link #header()} and {@link #command()} are then that record. Reading on with {@link #next()} afterwards is not
     * supported.
     *
     * @param index    the Chronicle index of the record's document.
     * @param sequence its island sequence.
     * @return false when the journal has no document at that index or the document no record with that sequence.
     * @throws CorruptJournalException when the record is damaged.
     */
    public boolean seek(final long index, final long sequence)
    {
        if (!tailer.moveToIndex(index))
        {
            return false;
        }
        documentLength = 0;
        documentPosition = 0;
        if (!readDocument())
        {
            return false;
        }
        int at = documentPosition;
        while (documentLength - at >= RecordDescriptor.HEADER_LENGTH)
        {
            final int length = (int)INTS.get(document, at + RecordDescriptor.LENGTH_OFFSET);
            if (length < RecordDescriptor.HEADER_LENGTH || length > documentLength - at)
            {
                throw new CorruptJournalException(island, path, index, "the record at byte " + at + " of the " +
                    "document (" + documentLength + " bytes) says it is " + length + " bytes long", null);
            }
            if ((long)LONGS.get(document, at + RecordDescriptor.SEQUENCE_OFFSET) == sequence)
            {
                documentPosition = at;
                expectedSequence = sequence;
                return next();
            }
            at += length;
        }
        return false;
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
