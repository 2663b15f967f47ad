package io.archipelago.perf.timers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.Durability;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.SnapshotInfo;
import io.archipelago.perf.report.ResultFiles;

/**
 * Schedule and fire rates through the engine: one island, {@code JOURNALED}, on a {@link FastForwardClock}. One
 * client thread schedules every timer of the plan through {@link Archipelago#schedule(String, long, Instant, byte[])}
 * with at most {@code inFlight} calls outstanding, due {@value #LEAD_MINUTES} minutes ahead plus the plan's offset (so
 * none falls due while scheduling); the time runs from the first call to the last {@code SCHEDULED}. A snapshot of
 * the island with every timer pending is taken and timed. Then the clock jumps past every due time and the time until
 * {@link Archipelago#scheduledActivity()} reports no pending timer is the fire time (polled every millisecond): the
 * island journals a tick, fires at most 4,096 timers per tick, writes a {@code SCHEDULE_FIRED} event for each, and
 * ticks again at once while more are due.
 * <p>
 * The engine runs with its defaults except snapshots by record count, which are off (as in {@code perf/run}'s
 * engine runs) so that no automatic snapshot lands inside a measured window; the explicit one is reported instead.
 * A throw-away round with a fifth of the timers (at least 1,000) runs first in the same JVM.
 */
final class EngineTimers
{
    private static final long LEAD_MINUTES = 10;

    private EngineTimers()
    {
    }

    static Map<String, Object> run(final TimersSettings settings) throws Exception
    {
        final TimerPlan plan = TimerPlan.generate(settings.timers(), settings.users(), settings.spreadMillis(),
            settings.payloadBytes());
        round(plan, Math.max(1_000, plan.timers() / 5), settings.inFlight());
        final Map<String, Object> result = round(plan, plan.timers(), settings.inFlight());
        System.out.printf(Locale.ROOT, "engine, 1 island, JOURNALED: scheduled %,d timers at %,.0f/s; snapshot of " +
            "%,d bytes in %.0f ms; after the clock jumped, all fired at %,.0f/s (%.2f s)%n", plan.timers(),
            (double)result.get("schedule_per_s"), (long)result.get("snapshot_bytes"),
            (double)result.get("snapshot_ms"), (double)result.get("fire_per_s"), (double)result.get("fire_s"));
        return result;
    }

    private static Map<String, Object> round(final TimerPlan plan, final int timers, final int inFlight)
        throws Exception
    {
        final Path directory = Files.createTempDirectory("archipelago-perf-timers");
        final FastForwardClock clock = new FastForwardClock();
        final Map<String, Object> row = new LinkedHashMap<>();
        try (Archipelago engine = Archipelago.open(ArchipelagoConfig.builder().partitions(1)
            .dataDirectory(directory.resolve("data")).durability(Durability.JOURNALED).clock(clock)
            .snapshotEveryRecords(0).build()))
        {
            final long start = clock.time() + TimeUnit.MINUTES.toMillis(LEAD_MINUTES);
            final byte[] payload = plan.payload();
            final Semaphore window = new Semaphore(inFlight);
            final AtomicLong refused = new AtomicLong();
            final GcCounters gcBeforeSchedule = GcCounters.now();
            final long scheduleStarted = System.nanoTime();
            for (int key = 0; key < timers; key++)
            {
                window.acquireUninterruptibly();
                engine.schedule(plan.login(key), key, Instant.ofEpochMilli(start + plan.offset(key)), payload)
                    .whenComplete((result, failure) ->
                    {
                        if (result != ResultCode.SCHEDULED)
                        {
                            refused.incrementAndGet();
                        }
                        window.release();
                    });
            }
            window.acquireUninterruptibly(inFlight);
            final long scheduleNanos = System.nanoTime() - scheduleStarted;
            final GcCounters scheduleGc = GcCounters.now().since(gcBeforeSchedule);
            window.release(inFlight);
            final long pending = engine.scheduledActivity().get(30, TimeUnit.SECONDS).pendingTimers();
            if (refused.get() != 0 || pending != timers)
            {
                throw new IllegalStateException(refused.get() + " schedule calls not SCHEDULED; " + pending +
                    " timers pending of " + timers);
            }
            final List<SnapshotInfo> snapshots = engine.snapshot();
            final SnapshotInfo snapshot = snapshots.get(0);

            final GcCounters gcBeforeFire = GcCounters.now();
            clock.advance(start + plan.spreadMillis() + 1 - clock.time());
            final long fireStarted = System.nanoTime();
            final long deadline = fireStarted + TimeUnit.SECONDS.toNanos(120);
            long left = timers;
            while (left > 0)
            {
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException(left + " timers still pending 120 s after the clock jumped");
                }
                LockSupport.parkNanos(1_000_000);
                left = engine.scheduledActivity().get(30, TimeUnit.SECONDS).pendingTimers();
            }
            final long fireNanos = System.nanoTime() - fireStarted;
            final GcCounters fireGc = GcCounters.now().since(gcBeforeFire);
            row.put("islands", 1);
            row.put("durability", "JOURNALED");
            row.put("timers", timers);
            row.put("schedule_in_flight", inFlight);
            row.put("schedule_s", scheduleNanos / 1e9);
            row.put("schedule_per_s", timers / (scheduleNanos / 1e9));
            row.put("schedule_gc_collections", scheduleGc.collections());
            row.put("schedule_gc_ms", scheduleGc.millis());
            row.put("snapshot_bytes", snapshot.bytes());
            row.put("snapshot_bytes_per_timer", snapshot.bytes() / (double)timers);
            row.put("snapshot_ms", snapshot.micros() / 1e3);
            row.put("fire_s", fireNanos / 1e9);
            row.put("fire_per_s", timers / (fireNanos / 1e9));
            row.put("fire_gc_collections", fireGc.collections());
            row.put("fire_gc_ms", fireGc.millis());
        }
        finally
        {
            ResultFiles.deleteTree(directory);
        }
        return row;
    }
}
