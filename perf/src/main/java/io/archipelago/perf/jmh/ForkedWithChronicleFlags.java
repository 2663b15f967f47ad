package io.archipelago.perf.jmh;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fork, warm-up and measurement settings every benchmark here inherits (JMH reads them from superclasses): one
 * forked JVM and short runs suited to two cores. {@link BenchmarkMain} gives the forked JVMs the flags of
 * {@code .jvm-flags} that Chronicle Queue and Agrona need on Java 17. Override on the command line with {@code -f},
 * {@code -wi}, {@code -i}; add JVM options with {@code -jvmArgsAppend} or {@code -jvmArgsPrepend}.
 */
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public abstract class ForkedWithChronicleFlags
{
}
