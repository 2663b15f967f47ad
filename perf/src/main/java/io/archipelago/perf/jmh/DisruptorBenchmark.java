package io.archipelago.perf.jmh;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.archipelago.perf.ceiling.RawDisruptor;
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
 * The raw Disruptor ceiling under an island, {@link RawDisruptor} as {@code perf/run}'s ceilings run it: each call
 * publishes {@value #BATCH} events and returns when the consumer has seen them all; the score is events per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DisruptorBenchmark extends ForkedWithChronicleFlags
{
    static final int BATCH = 65_536;

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

    private RawDisruptor disruptor;

    /**
     * Starts the consumer.
     */
    @Setup(Level.Trial)
    public void start()
    {
        disruptor = new RawDisruptor(wait == Wait.BLOCKING ? new BlockingWaitStrategy() : new YieldingWaitStrategy());
    }

    /**
     * Stops the consumer.
     */
    @TearDown(Level.Trial)
    public void stop()
    {
        disruptor.close();
    }

    /**
     * @return the consumer's running sum.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long publish()
    {
        return disruptor.awaitConsumed(disruptor.publish(BATCH));
    }
}
