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
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The raw Disruptor ceiling under an island: one producer (the benchmark thread) and one consumer thread with a
 * handler that only adds a long, on a ring of 16,384 like the engine's default. Each call publishes {@value #BATCH}
 * events and returns when the consumer has seen them all; the score is events per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
    "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true",
    "-Dchronicle.announcer.disable=true",
    "-Dorg.slf4j.simpleLogger.log.net.openhft=warn"})
public class DisruptorBenchmark
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
