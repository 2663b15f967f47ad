package io.archipelago.perf.ceiling;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.journal.JournalFrameDescriptor;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Raw Chronicle Queue work on the engine's own record, without the journal's frame
 * ({@link JournalFrameDescriptor}), checksums or sequence checks: the ceiling of what a journal on this machine can do.
 * Queues are memory-mapped and never synced.
 */
public final class RawChronicle
{
    /** Records per document in the batched append. */
    public static final int BATCH = 64;
    /** Timestamp of the record, fixed so that every run appends the same bytes. */
    private static final long TIMESTAMP = 1_700_000_000_000L;

    private RawChronicle()
    {
    }

    /**
     * The engine's {@code PLACE_ORDER} record of one line and a 10-character login (78 bytes), as an island journals
     * it.
     *
     * @return the encoded record, exactly as long as it is.
     */
    public static byte[] placeOrderRecord()
    {
        final RecordCodec codec = new RecordCodec();
        final int length = codec.encode(new Command().placeOrder("user-42424", 1).addLine(7, 1), 1, TIMESTAMP,
            RecordDescriptor.SOURCE_CLIENT, 0);
        return Arrays.copyOf(codec.bytes(), length);
    }

    /**
     * Opens a queue for raw appends, rolling daily like a journal.
     *
     * @param directory the queue's directory.
     * @return the queue.
     */
    public static ChronicleQueue open(final Path directory)
    {
        return ChronicleQueue.singleBuilder(directory).rollCycle(RollCycles.FAST_DAILY).build();
    }

    /**
     * Opens an existing queue to read.
     *
     * @param directory the queue's directory.
     * @return the queue.
     */
    public static ChronicleQueue openReadOnly(final Path directory)
    {
        return ChronicleQueue.singleBuilder(directory).readOnly(true).build();
    }

    /**
     * Appends one document: the record alone when {@code perDocument} is 1, else {@code perDocument} copies of it,
     * each after its length as an int.
     *
     * @param appender    the queue's appender.
     * @param record      the record.
     * @param perDocument records in the document.
     * @return the document's write position after the records.
     */
    public static long append(final ExcerptAppender appender, final byte[] record, final int perDocument)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            if (perDocument == 1)
            {
                bytes.write(record);
            }
            else
            {
                for (int i = 0; i < perDocument; i++)
                {
                    bytes.writeInt(record.length);
                    bytes.write(record);
                }
            }
            return bytes.writePosition();
        }
    }

    /**
     * Reads every document of an island's journal left: opens it, copies its bytes out and counts the records in it
     * (a document holds a batch of records back to back, each saying its length, after the document's frame, or
     * from its first byte in a journal written before the frame).
     *
     * @param tailer where to read from.
     * @param target receives each document's bytes ({@link JournalFrameDescriptor#MAX_FRAMED_DOCUMENT_LENGTH} fit).
     * @return records read.
     */
    public static long readAllRecords(final ExcerptTailer tailer, final byte[] target)
    {
        return read(tailer, target, true);
    }

    /**
     * Reads every document left: opens it and copies its bytes out.
     *
     * @param tailer where to read from.
     * @param target receives each document's bytes, as many as fit.
     * @return documents read.
     */
    public static long readAll(final ExcerptTailer tailer, final byte[] target)
    {
        return read(tailer, target, false);
    }

    private static long read(final ExcerptTailer tailer, final byte[] target, final boolean countRecords)
    {
        final UnsafeBuffer view = new UnsafeBuffer(target);
        long count = 0;
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return count;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final int length = (int)Math.min(bytes.readRemaining(), target.length);
                bytes.read(target, 0, length);
                if (!countRecords)
                {
                    count++;
                    continue;
                }
                int at = JournalFrameDescriptor.recordsOffset(target, length);
                while (at >= 0 && at + RecordDescriptor.HEADER_LENGTH <= length)
                {
                    final int recordLength = view.getInt(at + RecordDescriptor.LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
                    if (recordLength < RecordDescriptor.HEADER_LENGTH)
                    {
                        break;
                    }
                    count++;
                    at += recordLength;
                }
            }
        }
    }
}
