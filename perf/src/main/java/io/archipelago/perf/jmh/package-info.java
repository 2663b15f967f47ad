/**
 * JMH benchmarks of the engine's parts and of the whole island, with the raw Chronicle Queue and Disruptor ceilings
 * next to them. Run with {@code java -jar perf/target/benchmarks.jar}; see {@code perf/README.md}.
 * <p>
 * Every benchmark class inherits its fork settings from {@link io.archipelago.perf.jmh.ForkedWithChronicleFlags}, and
 * {@link io.archipelago.perf.jmh.BenchmarkMain} appends the flags of {@code .jvm-flags} (Chronicle Queue and Agrona
 * need them on Java 17, plus Chronicle logging at warn) to every forked JVM's options.
 */
package io.archipelago.perf.jmh;
