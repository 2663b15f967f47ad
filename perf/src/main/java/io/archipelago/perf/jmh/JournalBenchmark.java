package io.archipelago.perf.jmh;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalReader;
import io.archipelago.perf.ceiling.RawChronicle;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Chronicle Queue journals on local disk (memory-mapped, no sync), in records per second:
 * <ul>
 *   <li>{@code append}: {@link Journal#append}, one Chronicle document per record;</li>
 *   <li>{@code appendBatch}: {@link Journal#add} of {@value #BATCH} records and one {@link Journal#commit}, one
 *       document per batch, as an island journals a batch of its ring;</li>
 *   <li>{@code appendBatched}: raw Chronicle, one document holding {@value #BATCH} length-prefixed records, the
 *       ceiling a batched journal format could reach;</li>
 *   <li>{@code read}: {@link JournalReader} over a prepared journal of {@value #RECORDS} records (checksums,
 *       sequence check, full decode).</li>
 * </ul>
 * Records are {@link RawChronicle#placeOrderRecord()}, the one {@code perf/run}'s ceilings append too.
 * Journals live in a temporary directory under {@code java.io.tmpdir}, deleted after the trial.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JournalBenchmark extends ForkedWithChronicleFlags
{
    static final int BATCH = RawChronicle.BATCH;
    static final int RECORDS = 200_000;
    private static final long TIMESTAMP = 1_700_000_000_000L;

    /**
     * An encoded record and the two journals it is appended to.
     */
    @State(Scope.Thread)
    public static class Appending
    {
        Path directory;
        Journal journal;
        ChronicleQueue rawQueue;
        ExcerptAppender rawAppender;
        final byte[] record = RawChronicle.placeOrderRecord();

        /**
         * Opens the journals.
         */
        @Setup(Level.Trial)
        public void open()
        {
            directory = TempDirectory.create("archipelago-jmh-journal");
            journal = Journal.open(0, directory.resolve("journal"));
            rawQueue = RawChronicle.open(directory.resolve("raw"));
        }

        /**
         * Closes the journals and deletes them.
         */
        @TearDown(Level.Trial)
        public void close()
        {
            journal.closeAppender();
            journal.close();
            if (null != rawAppender)
            {
                rawAppender.close();
            }
            rawQueue.close();
            TempDirectory.delete(directory);
        }
    }

    /**
     * A journal of {@value #RECORDS} records with dense island sequences, written before the trial.
     */
    @State(Scope.Thread)
    public static class Prepared
    {
        Path directory;
        Journal journal;

        /**
         * Writes the journal.
         */
        @Setup(Level.Trial)
        public void write()
        {
            directory = TempDirectory.create("archipelago-jmh-read");
            journal = Journal.open(0, directory.resolve("journal"));
            final RecordCodec codec = new RecordCodec();
            final Command command = new Command();
            for (int i = 1; i <= RECORDS; i++)
            {
                command.placeOrder("user-" + (10_000 + (i & 1023)), i).addLine(1 + (i & 3), 1);
                journal.append(codec.bytes(), codec.encode(command, i, TIMESTAMP + i, RecordDescriptor.SOURCE_CLIENT,
                    0));
            }
            journal.closeAppender();
        }

        /**
         * Closes the journal and deletes it.
         */
        @TearDown(Level.Trial)
        public void close()
        {
            journal.close();
            TempDirectory.delete(directory);
        }
    }

    /**
     * @param state the journal and record.
     * @return the record's Chronicle index.
     */
    @Benchmark
    public long append(final Appending state)
    {
        return state.journal.append(state.record, state.record.length);
    }

    /**
     * @param state the journal and record.
     * @return the Chronicle index of the batch's document.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long appendBatch(final Appending state)
    {
        final Journal journal = state.journal;
        final byte[] record = state.record;
        for (int i = 0; i < BATCH; i++)
        {
            journal.add(record, record.length);
        }
        return journal.commit();
    }

    /**
     * @param state the raw queue and record.
     * @return bytes written.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long appendBatched(final Appending state)
    {
        ExcerptAppender appender = state.rawAppender;
        if (null == appender)
        {
            appender = state.rawQueue.createAppender();
            state.rawAppender = appender;
        }
        return RawChronicle.append(appender, state.record, BATCH);
    }

    /**
     * @param state the prepared journal.
     * @param bh    consumes every record's sequence and order id.
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void read(final Prepared state, final Blackhole bh)
    {
        int records = 0;
        try (JournalReader reader = state.journal.reader())
        {
            while (reader.next())
            {
                bh.consume(reader.header().sequence());
                bh.consume(reader.command().orderId());
                records++;
            }
        }
        if (records != RECORDS)
        {
            throw new IllegalStateException("read " + records + " of " + RECORDS + " records");
        }
    }
}
