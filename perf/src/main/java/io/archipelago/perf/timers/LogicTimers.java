package io.archipelago.perf.timers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.logic.InventoryLogic;

/**
 * Schedule and fire rates of one island's logic, no journal, ring or thread hand-off: {@link InventoryLogic#apply}
 * of {@code SCHEDULE} commands (absolute due times spread over the plan's window, all at one journaled time), then
 * of {@code TICK}s stepping journaled time through the window in one of three ways:
 * <ul>
 *   <li>{@code each-due}: a tick at every next due time, as a live island ticks when nothing else arrives (the
 *       engine's ticker queues a tick once the earliest deadline has passed);</li>
 *   <li>{@code 1s-steps}: a tick every second of journaled time (a busy island: ticks at the end of batches);</li>
 *   <li>{@code catch-up}: time jumps past every due time at once, as after a stop, and ticks follow until nothing
 *       is left, each firing at most 4,096 timers.</li>
 * </ul>
 * A throw-away round of the same size runs first. Every round starts a fresh island and checks, after the measured
 * time, that every timer was scheduled, and fired once, in due order.
 */
final class LogicTimers
{
    static final long START = 1_700_000_000_000L;
    private static final String[] MODES = {"each-due", "1s-steps", "catch-up"};

    private LogicTimers()
    {
    }

    static Map<String, Object> run(final TimersSettings settings)
    {
        final TimerPlan plan = TimerPlan.generate(settings.timers(), settings.users(), settings.spreadMillis(),
            settings.payloadBytes());
        round(plan, "catch-up");
        final List<Map<String, Object>> rounds = new ArrayList<>();
        for (final String mode : MODES)
        {
            final Map<String, Object> row = round(plan, mode);
            rounds.add(row);
            System.out.printf(Locale.ROOT, "logic, one island: scheduled %,d timers at %,.0f/s (GC %d ms); fired " +
                "(%s) at %,.0f/s in %,d ticks (GC %d ms)%n", plan.timers(), (double)row.get("schedule_per_s"),
                (long)row.get("schedule_gc_ms"), mode, (double)row.get("fire_per_s"), (long)row.get("ticks"),
                (long)row.get("fire_gc_ms"));
        }
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("island", "InventoryLogic(0, 1), apply() only: no journal, ring or threads");
        result.put("rounds", rounds);
        return result;
    }

    private static Map<String, Object> round(final TimerPlan plan, final String mode)
    {
        final InventoryLogic logic = new InventoryLogic(0, 1);
        final FiringOutput out = new FiringOutput(plan);
        final Command command = new Command();
        final byte[] payload = plan.payload();
        final int timers = plan.timers();
        final GcCounters gcBeforeSchedule = GcCounters.now();
        final long scheduleStarted = System.nanoTime();
        for (int key = 0; key < timers; key++)
        {
            command.schedule(plan.login(key), key, START + plan.offset(key), RecordDescriptor.WHEN_AT, payload, 0,
                payload.length);
            logic.apply(command, START, out);
        }
        final long scheduleNanos = System.nanoTime() - scheduleStarted;
        final GcCounters scheduleGc = GcCounters.now().since(gcBeforeSchedule);
        out.expectScheduled(timers);
        if (logic.scheduledCount() != timers)
        {
            throw new IllegalStateException(logic.scheduledCount() + " timers pending after scheduling " + timers);
        }
        long ticks = 0;
        final GcCounters gcBeforeFire = GcCounters.now();
        final long fireStarted = System.nanoTime();
        switch (mode)
        {
            case "each-due" ->
            {
                long due;
                while ((due = logic.nextDeadline()) != Long.MAX_VALUE)
                {
                    logic.apply(command.tick(), due, out);
                    ticks++;
                }
            }
            case "1s-steps" ->
            {
                for (long now = START + 1000; logic.scheduledCount() > 0; now += 1000)
                {
                    do
                    {
                        logic.apply(command.tick(), now, out);
                        ticks++;
                    }
                    while (logic.lastTickSaturated());
                }
            }
            case "catch-up" ->
            {
                final long end = START + plan.spreadMillis();
                while (logic.scheduledCount() > 0)
                {
                    logic.apply(command.tick(), end, out);
                    ticks++;
                }
            }
            default -> throw new IllegalArgumentException(mode);
        }
        final long fireNanos = System.nanoTime() - fireStarted;
        final GcCounters fireGc = GcCounters.now().since(gcBeforeFire);
        out.expectFiredInDueOrder();
        if (logic.scheduledCount() != 0 || logic.nextDeadline() != Long.MAX_VALUE)
        {
            throw new IllegalStateException(logic.scheduledCount() + " timers still pending (" + mode + ")");
        }
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("fire_mode", mode);
        row.put("timers", timers);
        row.put("schedule_s", scheduleNanos / 1e9);
        row.put("schedule_per_s", timers / (scheduleNanos / 1e9));
        row.put("schedule_ns_per_timer", (double)scheduleNanos / timers);
        row.put("schedule_gc_collections", scheduleGc.collections());
        row.put("schedule_gc_ms", scheduleGc.millis());
        row.put("ticks", ticks);
        row.put("fire_s", fireNanos / 1e9);
        row.put("fire_per_s", timers / (fireNanos / 1e9));
        row.put("fire_ns_per_timer", (double)fireNanos / timers);
        row.put("fire_gc_collections", fireGc.collections());
        row.put("fire_gc_ms", fireGc.millis());
        return row;
    }
}
