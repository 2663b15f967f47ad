/**
 * The systems the engine is measured against, each taking the same {@link io.archipelago.perf.bench.Workload} through
 * the same {@link io.archipelago.perf.bench.OrderService} interface:
 * <ul>
 *   <li>{@link io.archipelago.perf.baseline.SharedStateOrderService}: the usual Java service, concurrent maps and a
 *       lock per product, decided on the caller's thread, one shared Chronicle Queue journal behind a global lock;</li>
 *   <li>{@link io.archipelago.perf.baseline.PekkoOrderService}: one event-sourced Apache Pekko actor per product,
 *       orders coordinated by asks, on Pekko's in-memory journal.</li>
 * </ul>
 * Both decide every order all-or-nothing over its lines and keep units conserved; what each leaves out compared with
 * the engine is listed on the class.
 */
package io.archipelago.perf.baseline;
