package io.archipelago.perf.jmh;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The raw Disruptor ceiling under an island: one producer (the benchmark thread) and one consumer thread with a
 * handler that only adds a long, on a ring of 16,384 like the engine's default. Each call publishes {@value #BATCH}
 * events and returns when the consumer has seen them all; the score is events per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DisruptorBenchmark extends ForkedWithChronicleFlags
{
    static final int BATCH = 65_536;
    private static final int RING_SIZE = 16_384;

    /**
     * The consumer's wait strategy.
     */
    public enum Wait
    {
        /** {@link BlockingWaitStrategy}, the engine's default. */
        BLOCKING,
        /** {@link YieldingWaitStrategy}. */
        YIELDING
    }

    @Param({"BLOCKING", "YIELDING"})
    Wait wait;

    private Disruptor<ValueEvent> disruptor;
    private RingBuffer<ValueEvent> ring;
    private final SummingHandler handler = new SummingHandler();

    /**
     * Starts the consumer.
     */
    @Setup(Level.Trial)
    public void start()
    {
        final WaitStrategy strategy = wait == Wait.BLOCKING ? new BlockingWaitStrategy() : new YieldingWaitStrategy();
        disruptor = new Disruptor<>(ValueEvent::new, RING_SIZE, DaemonThreadFactory.INSTANCE, ProducerType.SINGLE,
            strategy);
        disruptor.handleEventsWith(handler);
        ring = disruptor.start();
    }

    /**
     * Stops the consumer.
     */
    @TearDown(Level.Trial)
    public void stop()
    {
        disruptor.shutdown();
    }

    /**
     * @return the consumer's running sum.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long publish()
    {
        final RingBuffer<ValueEvent> ring = this.ring;
        long sequence = -1;
        for (int i = 0; i < BATCH; i++)
        {
            sequence = ring.next();
            ring.get(sequence).value = i;
            ring.publish(sequence);
        }
        final AtomicLong processed = handler.processed;
        while (processed.get() < sequence)
        {
            Thread.yield();
        }
        return handler.sum;
    }

    /**
     * A ring slot.
     */
    static final class ValueEvent
    {
        long value;
    }

    /**
     * Adds each value; publishes how far it got at the end of each batch.
     */
    static final class SummingHandler implements EventHandler<ValueEvent>
    {
        final AtomicLong processed = new AtomicLong(-1);
        long sum;

        @Override
        public void onEvent(final ValueEvent event, final long sequence, final boolean endOfBatch)
        {
            sum += event.value;
            if (endOfBatch)
            {
                processed.lazySet(sequence);
            }
        }
    }
}
