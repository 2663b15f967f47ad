package io.archipelago.perf.timers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings every case of {@code perf/run timers} reads.
 *
 * @param timers       timers scheduled per round.
 * @param users        users the timers are spread over (round robin).
 * @param spreadMillis due times spread over this many ms.
 * @param payloadBytes payload per timer.
 * @param inFlight     schedule calls in flight through the engine.
 * @param islands      islands of the latency case.
 * @param rate         holds (and orders) offered per second in the latency case.
 * @param rateSeconds  length of each measured latency phase.
 * @param warmupSeconds length of each latency warm-up phase.
 * @param rounds       measured latency rounds (holds and orders each, the order alternating).
 */
record TimersSettings(int timers, int users, long spreadMillis, int payloadBytes, int inFlight, int islands, int rate,
    int rateSeconds, int warmupSeconds, int rounds)
{
    Map<String, Object> toMap()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("timers", timers);
        map.put("users", users);
        map.put("spread_ms", spreadMillis);
        map.put("payload_bytes", payloadBytes);
        map.put("schedule_in_flight", inFlight);
        map.put("latency_islands", islands);
        map.put("latency_rate_per_s", rate);
        map.put("latency_seconds", rateSeconds);
        map.put("latency_warmup_seconds", warmupSeconds);
        map.put("latency_rounds", rounds);
        return map;
    }
}
