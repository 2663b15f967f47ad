package io.archipelago.perf.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.perf.jmh.TempDirectory;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The ceilings of this machine that the engine is built from, measured in the same run as the engine:
 * <ul>
 *   <li>raw Disruptor 4, one producer, one consumer, ring 16,384, a handler adding a long, with the engine's default
 *       {@link BlockingWaitStrategy} and with {@link YieldingWaitStrategy};</li>
 *   <li>raw Chronicle Queue appends of the engine's own {@code PLACE_ORDER} record (one line, 10-character login, 78
 *       bytes): one document per record, and one document per {@value #BATCH} length-prefixed records;</li>
 *   <li>raw Chronicle Queue reads of the one-per-document journal: open each document, copy its bytes out.</li>
 * </ul>
 * Journals are memory-mapped, never synced, and deleted afterwards.
 */
public final class Ceilings
{
    /** Records per document in the batched append. */
    public static final int BATCH = 64;
    private static final int RING = 16_384;

    private Ceilings()
    {
    }

    /**
     * One ceiling.
     *
     * @param name what was measured.
     * @param rate operations per second.
     * @param unit what an operation is.
     */
    public record Ceiling(String name, double rate, String unit) implements java.io.Serializable
    {
    }

    /**
     * Measures every ceiling.
     *
     * @param seconds how long each is measured (after a warm-up of half as long).
     * @param scratch parent of the temporary journals.
     * @return the ceilings.
     * @throws Exception on failure.
     */
    public static List<Ceiling> measure(final double seconds, final Path scratch) throws Exception
    {
        final List<Ceiling> ceilings = new ArrayList<>();
        ceilings.add(new Ceiling("disruptor_1p1c_blocking", disruptor(new BlockingWaitStrategy(), seconds), "events"));
        ceilings.add(new Ceiling("disruptor_1p1c_yielding", disruptor(new YieldingWaitStrategy(), seconds), "events"));
        final RecordCodec codec = new RecordCodec();
        final int length = codec.encode(new Command().placeOrder("user-42424", 1).addLine(7, 1), 1,
            1_700_000_000_000L, RecordDescriptor.SOURCE_CLIENT, 0);
        final byte[] record = java.util.Arrays.copyOf(codec.bytes(), length);
        final Path directory = TempDirectory.create("archipelago-ceilings");
        try
        {
            final Path single = directory.resolve("single");
            try (ChronicleQueue queue = ChronicleQueue.singleBuilder(single).rollCycle(RollCycles.FAST_DAILY).build())
            {
                ceilings.add(new Ceiling("chronicle_append_1_per_document", append(queue, record, 1, seconds),
                    "records"));
            }
            try (ChronicleQueue queue = ChronicleQueue.singleBuilder(directory.resolve("batched"))
                .rollCycle(RollCycles.FAST_DAILY).build())
            {
                ceilings.add(new Ceiling("chronicle_append_batched_" + BATCH, append(queue, record, BATCH, seconds),
                    "records"));
            }
            try (ChronicleQueue queue = ChronicleQueue.singleBuilder(single).readOnly(true).build())
            {
                ceilings.add(new Ceiling("chronicle_read_1_per_document", read(queue), "records"));
            }
        }
        finally
        {
            TempDirectory.delete(directory);
        }
        return ceilings;
    }

    private static double disruptor(final WaitStrategy waitStrategy, final double seconds)
    {
        final AtomicLong consumed = new AtomicLong();
        final Disruptor<long[]> disruptor = new Disruptor<>(() -> new long[1], RING, DaemonThreadFactory.INSTANCE,
            ProducerType.SINGLE, waitStrategy);
        final long[] sum = new long[1];
        final EventHandler<long[]> handler = (event, sequence, endOfBatch) ->
        {
            sum[0] += event[0];
            if (endOfBatch)
            {
                consumed.lazySet(sequence + 1);
            }
        };
        disruptor.handleEventsWith(handler);
        final RingBuffer<long[]> ring = disruptor.start();
        try
        {
            publishFor(ring, consumed, seconds / 2);
            return publishFor(ring, consumed, seconds);
        }
        finally
        {
            disruptor.shutdown();
        }
    }

    private static double publishFor(final RingBuffer<long[]> ring, final AtomicLong consumed, final double seconds)
    {
        final long first = ring.getCursor() + 1;
        final long start = System.nanoTime();
        final long end = start + (long)(seconds * 1e9);
        long published = 0;
        while ((published & 1023) != 0 || System.nanoTime() < end)
        {
            final long sequence = ring.next();
            ring.get(sequence)[0] = sequence;
            ring.publish(sequence);
            published++;
        }
        final long target = first + published;
        while (consumed.get() < target)
        {
            Thread.onSpinWait();
        }
        return published / ((System.nanoTime() - start) / 1e9);
    }

    private static double append(final ChronicleQueue queue, final byte[] record, final int perDocument,
        final double seconds)
    {
        try (ExcerptAppender appender = queue.createAppender())
        {
            appendFor(appender, record, perDocument, seconds / 2);
            return appendFor(appender, record, perDocument, seconds);
        }
    }

    private static double appendFor(final ExcerptAppender appender, final byte[] record, final int perDocument,
        final double seconds)
    {
        final long start = System.nanoTime();
        final long end = start + (long)(seconds * 1e9);
        long records = 0;
        while ((records & 4095) != 0 || System.nanoTime() < end)
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
            }
            records += perDocument;
        }
        return records / ((System.nanoTime() - start) / 1e9);
    }

    private static double read(final ChronicleQueue queue)
    {
        final byte[] target = new byte[RecordDescriptor.MAX_RECORD_LENGTH];
        double best = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            final long start = System.nanoTime();
            final long records = readAll(queue, target);
            best = Math.max(best, records / ((System.nanoTime() - start) / 1e9));
        }
        return best;
    }

    /**
     * Raw Chronicle read rate of one journal directory: every document opened and its bytes copied out; the clock
     * starts after the queue and its tailer are open (replay, which it is compared with, includes opening).
     *
     * @param journal a Chronicle Queue directory.
     * @return records per second, and records read.
     */
    public static double[] readJournal(final Path journal)
    {
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(journal).readOnly(true).build();
            ExcerptTailer tailer = queue.createTailer())
        {
            final long start = System.nanoTime();
            final long records = readAll(tailer, new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
            return new double[] {records / ((System.nanoTime() - start) / 1e9), records};
        }
    }

    private static long readAll(final ChronicleQueue queue, final byte[] target)
    {
        try (ExcerptTailer tailer = queue.createTailer())
        {
            return readAll(tailer, target);
        }
    }

    private static long readAll(final ExcerptTailer tailer, final byte[] target)
    {
        long records = 0;
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return records;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                bytes.read(target, 0, (int)Math.min(bytes.readRemaining(), target.length));
                records++;
            }
        }
    }
}
