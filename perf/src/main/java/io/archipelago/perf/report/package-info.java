/**
 * Charts of the perf harness's CSV results: {@code ResultCharts} reads {@code throughput.csv}, {@code latency.csv}
 * and {@code replay.csv} from a results directory and writes one PNG per chart beside them, headless.
 */
package io.archipelago.perf.report;
