package io.archipelago.perf.jmh;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarkForkFlagsTest
{
    private static final List<Class<?>> BENCHMARKS = List.of(RoutingBenchmark.class, CodecBenchmark.class,
        LogicBenchmark.class, JournalBenchmark.class, IslandBenchmark.class, DisruptorBenchmark.class);

    @Test
    void shouldForkEveryBenchmarkWithThePomsChronicleFlags()
    {
        final String pomFlags = System.getProperty("chronicle.jvm.flags");
        assertNotNull(pomFlags, "surefire passes the parent pom's chronicle.jvm.flags");
        final List<String> expected = Arrays.asList(pomFlags.trim().split("\\s+"));
        assertFalse(expected.isEmpty());
        final Fork fork = ForkedWithChronicleFlags.class.getAnnotation(Fork.class);
        assertNotNull(fork, "ForkedWithChronicleFlags has no @Fork");
        final List<String> flags = Arrays.asList(fork.jvmArgsAppend());
        assertEquals(expected, flags.subList(0, Math.min(expected.size(), flags.size())),
            "benchmarks fork without the pom's chronicle.jvm.flags");
        for (final Class<?> benchmark : BENCHMARKS)
        {
            assertTrue(ForkedWithChronicleFlags.class.isAssignableFrom(benchmark),
                benchmark.getSimpleName() + " does not inherit the fork settings");
            assertNull(benchmark.getDeclaredAnnotation(Fork.class),
                benchmark.getSimpleName() + " overrides the fork settings");
        }
    }
}
