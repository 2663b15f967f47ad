package io.archipelago.perf.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Fork;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarkForkFlagsTest
{
    private static final List<Class<?>> BENCHMARKS = List.of(RoutingBenchmark.class, CodecBenchmark.class,
        LogicBenchmark.class, JournalBenchmark.class, IslandBenchmark.class, DisruptorBenchmark.class,
        TimerBenchmark.class, DigestBenchmark.class);

    @Test
    void shouldPackageTheRepositorysJvmFlags() throws IOException
    {
        final String file = System.getProperty("jvm.flags.file");
        assertNotNull(file, "surefire passes the parent pom's jvm.flags.file");
        final List<String> expected = ChronicleJvmFlags.parse(Files.readString(Path.of(file)));
        assertFalse(expected.isEmpty());
        assertEquals(expected, ChronicleJvmFlags.flags());
    }

    @Test
    void shouldForkEveryBenchmarkWithTheJvmFlags()
    {
        final String[] args = BenchmarkMain.withChronicleFlags(new String[] {"CodecBenchmark", "-f", "1"},
            ChronicleJvmFlags.flags());
        assertArrayEquals(
            new String[] {"-jvmArgsAppend", String.join(" ", ChronicleJvmFlags.flags()), "CodecBenchmark", "-f", "1"},
            args);
        final Fork fork = ForkedWithChronicleFlags.class.getAnnotation(Fork.class);
        assertNotNull(fork, "ForkedWithChronicleFlags has no @Fork");
        assertArrayEquals(new String[] {Fork.BLANK_ARGS}, fork.jvmArgs(),
            "@Fork(jvmArgs) would replace the host's flags");
        for (final Class<?> benchmark : BENCHMARKS)
        {
            assertTrue(ForkedWithChronicleFlags.class.isAssignableFrom(benchmark),
                benchmark.getSimpleName() + " does not inherit the fork settings");
            assertNull(benchmark.getDeclaredAnnotation(Fork.class),
                benchmark.getSimpleName() + " overrides the fork settings");
        }
    }

    @Test
    void shouldAppendTheCommandLinesJvmArgsAfterTheFlags()
    {
        final String[] args = BenchmarkMain.withChronicleFlags(
            new String[] {"-jvmArgsAppend", "-Xmx1g -Da=1", "Journal", "-jvmArgsAppend", "-Db=2"},
            List.of("--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dchronicle.analytics.disable=true"));
        assertArrayEquals(new String[] {"-jvmArgsAppend",
            "--add-opens=java.base/java.nio=ALL-UNNAMED -Dchronicle.analytics.disable=true -Xmx1g -Da=1 -Db=2",
            "Journal"}, args);
    }
}
