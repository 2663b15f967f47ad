package io.archipelago.perf.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.journal.JournalFrameDescriptor;
import io.archipelago.perf.ceiling.RawChronicle;
import io.archipelago.perf.ceiling.RawDisruptor;
import io.archipelago.perf.jmh.TempDirectory;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;

/**
 * The ceilings of this machine that the engine is built from, measured in the same run as the engine with the
 * kernels of {@link io.archipelago.perf.ceiling} that the JMH benchmarks run too:
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
    public static final int BATCH = RawChronicle.BATCH;
    /** Events published between looks at the clock. */
    private static final int PUBLISH_BATCH = 1024;

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
        final byte[] record = RawChronicle.placeOrderRecord();
        final Path directory = TempDirectory.create("archipelago-ceilings");
        try
        {
            final Path single = directory.resolve("single");
            try (ChronicleQueue queue = RawChronicle.open(single))
            {
                ceilings.add(new Ceiling("chronicle_append_1_per_document", append(queue, record, 1, seconds),
                    "records"));
            }
            try (ChronicleQueue queue = RawChronicle.open(directory.resolve("batched")))
            {
                ceilings.add(new Ceiling("chronicle_append_batched_" + BATCH, append(queue, record, BATCH, seconds),
                    "records"));
            }
            try (ChronicleQueue queue = RawChronicle.openReadOnly(single))
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
        try (RawDisruptor disruptor = new RawDisruptor(waitStrategy))
        {
            publishFor(disruptor, seconds / 2);
            return publishFor(disruptor, seconds);
        }
    }

    private static double publishFor(final RawDisruptor disruptor, final double seconds)
    {
        final long start = System.nanoTime();
        final long end = start + (long)(seconds * 1e9);
        long published = 0;
        long last;
        do
        {
            last = disruptor.publish(PUBLISH_BATCH);
            published += PUBLISH_BATCH;
        }
        while (System.nanoTime() < end);
        disruptor.awaitConsumed(last);
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
            RawChronicle.append(appender, record, perDocument);
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
            final long records;
            try (ExcerptTailer tailer = queue.createTailer())
            {
                records = RawChronicle.readAll(tailer, target);
            }
            best = Math.max(best, records / ((System.nanoTime() - start) / 1e9));
        }
        return best;
    }

    /**
     * Raw Chronicle read rate of one journal directory: every document opened, its bytes copied out and its records
     * (after its frame) counted by their length fields; the clock starts after the queue and its tailer are open
     * (replay, which it is compared with, includes opening).
     *
     * @param journal a Chronicle Queue directory.
     * @return records per second, and records read.
     */
    public static double[] readJournal(final Path journal)
    {
        try (ChronicleQueue queue = RawChronicle.openReadOnly(journal);
            ExcerptTailer tailer = queue.createTailer())
        {
            final long start = System.nanoTime();
            final long records = RawChronicle.readAllRecords(tailer,
                new byte[JournalFrameDescriptor.MAX_FRAMED_DOCUMENT_LENGTH]);
            return new double[] {records / ((System.nanoTime() - start) / 1e9), records};
        }
    }
}
