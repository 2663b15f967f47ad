package io.archipelago.perf.jmh;

import java.util.concurrent.TimeUnit;

import io.archipelago.engine.events.EventBatch;
import io.archipelago.engine.model.EventType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What an island thread does per decided order for the event log: an {@code ORDER_CONFIRMED} event of 1 or 4 lines
 * and a 10-character login encoded into the batch, and the batch sealed (a CRC32C per event) and emptied every 64
 * events, as the end of a batch does before the append. With {@code -prof gc} it shows the allocation per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventBatchBenchmark extends ForkedWithChronicleFlags
{
    private static final long TIMESTAMP = 1_700_000_000_000L;
    private static final byte[] LOGIN = "user-42424".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final int BATCH = 64;

    @Param({"1", "4"})
    int lines;

    private final EventBatch batch = new EventBatch();
    private long sequence;

    /**
     * Grows the batch's buffer to a batch's size once, as the first batches of an island do.
     */
    @Setup
    public void setUp()
    {
        for (int i = 0; i < BATCH; i++)
        {
            confirmed();
        }
        batch.seal();
        batch.clear();
    }

    /**
     * @return bytes in the batch.
     */
    @Benchmark
    public int confirmed()
    {
        batch.beginInput(++sequence, TIMESTAMP);
        batch.order(EventType.ORDER_CONFIRMED, LOGIN, LOGIN.length, sequence, null, lines, 0);
        for (int i = 0; i < lines; i++)
        {
            batch.line(100 + i, 1 + i);
        }
        if (batch.events() == BATCH)
        {
            batch.seal();
            batch.clear();
        }
        return batch.length();
    }
}
