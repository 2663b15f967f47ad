package io.archipelago.perf.jmh;

import java.util.concurrent.TimeUnit;

import io.archipelago.router.PartitionRouter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link PartitionRouter#partitionOf(String)}: murmur3 over the login's UTF-8 bytes, then jump consistent hashing,
 * over 1,024 distinct logins of 8 to 11 characters taken in turn.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoutingBenchmark extends ForkedWithChronicleFlags
{
    private static final int LOGINS = 1024;

    @Param({"8", "64"})
    int partitions;

    private PartitionRouter router;
    private final String[] logins = new String[LOGINS];
    private int next;

    /**
     * Builds the router and the logins.
     */
    @Setup
    public void setUp()
    {
        router = new PartitionRouter(partitions);
        for (int i = 0; i < LOGINS; i++)
        {
            logins[i] = "user-" + (i * 7_919 + 1_000);
        }
    }

    /**
     * @return the partition of the next login.
     */
    @Benchmark
    public int partitionOf()
    {
        final int i = next;
        next = (i + 1) & (LOGINS - 1);
        return router.partitionOf(logins[i]);
    }
}
