/**
 * JMH benchmarks of the engine's parts and of the whole island, with the raw Chronicle Queue and Disruptor ceilings
 * next to them. Run with {@code java -jar perf/target/benchmarks.jar}; see {@code perf/README.md}.
 * <p>
 * Every benchmark class carries the same {@code @Fork(jvmArgsAppend)} list: the parent pom's
 * {@code chronicle.jvm.flags} (Chronicle Queue and Agrona need them on Java 17), plus Chronicle logging at warn.
 * Annotation values must be constants, so the list is written out on each class; {@code BenchmarkForkFlagsTest}
 * keeps them in step with the pom.
 */
package io.archipelago.perf.jmh;
