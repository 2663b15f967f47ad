/**
 * {@code perf/run timers}: users' timers and holds measured. {@code TimersRun} runs each case in a JVM of its own:
 * {@code LogicTimers} (schedule and fire rates of one island's logic, no journal), {@code TimerMemory} (heap per
 * pending timer), {@code EngineTimers} (schedule and fire through the engine, journaled, on a fast-forward clock) and
 * {@code HoldLatency} (hold-to-confirm latency at an offered rate, with plain orders at the same rate beside it).
 */
package io.archipelago.perf.timers;
