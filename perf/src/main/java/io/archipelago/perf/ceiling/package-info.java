/**
 * The raw kernels under the engine, shared by {@code perf/run}'s ceilings and the JMH benchmarks: Chronicle Queue
 * append and read of the engine's own record, and the Disruptor hand-off from one producer to one consumer.
 */
package io.archipelago.perf.ceiling;
