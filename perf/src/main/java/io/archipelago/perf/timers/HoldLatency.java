package io.archipelago.perf.timers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.perf.report.ResultFiles;
import org.HdrHistogram.Histogram;

/**
 * Hold-to-confirm latency at an offered rate, open loop, with plain orders at the same rate beside it. The engine
 * runs with its defaults ({@code JOURNALED}, island threads one per core, ring of 16,384, blocking waits) and the
 * configured islands; 1,000 products with 10,000,000 units each, so every hold and order is covered at its island.
 * <p>
 * One generator thread sends request {@code k} at its planned time {@code start + k / rate} whatever happened
 * before (parking in between), round robin over 100,000 users and the products, one unit each:
 * <ul>
 *   <li>a hold: {@link Archipelago#hold} (held for 10 minutes). When {@code HELD} arrives (on the island's thread,
 *       which only notes the time), a confirmer thread, the client's own, calls {@link Archipelago#confirmHold};
 *       the hold is done when that returns {@code CONFIRMED}. Recorded: planned send to {@code HELD}; {@code HELD}
 *       to {@code CONFIRMED} (the hand-off to the confirmer thread included); the confirm's own submission to
 *       {@code CONFIRMED}; and planned send to {@code CONFIRMED}, the total.</li>
 *   <li>an order: {@link Archipelago#placeOrder}; planned send to {@code CONFIRMED}.</li>
 * </ul>
 * A stall is charged to every request planned during it (no coordinated omission). Warm-up: holds, then orders, each
 * for the warm-up length at the rate; then {@code rounds} measured rounds of holds and orders (the order alternating
 * per round), each phase after a {@link System#gc()} (so the collector does not copy the warm-up's state inside the
 * measured window). Histograms are in microseconds; the rounds are reported one by one and merged.
 */
final class HoldLatency
{
    private static final int PRODUCTS = 1_000;
    private static final long UNITS = 10_000_000L;
    private static final int USERS = 100_000;
    private static final Duration HOLD_FOR = Duration.ofMinutes(10);
    private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(120);

    private final TimersSettings settings;
    private final String[] logins = new String[USERS];
    private final OrderLine[][] lines = new OrderLine[PRODUCTS][];
    private final ExecutorService confirmer = Executors.newSingleThreadExecutor(task ->
    {
        final Thread thread = new Thread(task, "confirmer");
        thread.setDaemon(true);
        return thread;
    });
    private Archipelago engine;
    private long nextId = 1;

    private HoldLatency(final TimersSettings settings)
    {
        this.settings = settings;
        for (int u = 0; u < USERS; u++)
        {
            logins[u] = TimerPlan.userLogin(u);
        }
        for (int p = 0; p < PRODUCTS; p++)
        {
            lines[p] = new OrderLine[] {new OrderLine(p + 1, 1)};
        }
    }

    static Map<String, Object> run(final TimersSettings settings) throws Exception
    {
        final HoldLatency latency = new HoldLatency(settings);
        try
        {
            return latency.measure();
        }
        finally
        {
            latency.confirmer.shutdownNow();
        }
    }

    /**
     * What one phase recorded.
     */
    private static final class Phase
    {
        final boolean holds;
        final int count;
        final long firstId;
        final long[] heldAt;
        final long[] confirmSentAt;
        final long[] doneAt;
        final AtomicInteger done = new AtomicInteger();
        final AtomicLong failed = new AtomicLong();
        volatile ResultCode lastFailure;
        final Histogram sendLag = new Histogram(HIGHEST_MICROS, 3);
        long start;
        double interval;

        Phase(final boolean holds, final int count, final long firstId)
        {
            this.holds = holds;
            this.count = count;
            this.firstId = firstId;
            this.heldAt = holds ? new long[count] : null;
            this.confirmSentAt = holds ? new long[count] : null;
            this.doneAt = new long[count];
        }

        void fail(final ResultCode result)
        {
            lastFailure = result;
            failed.incrementAndGet();
        }

        long planned(final int k)
        {
            return start + (long)(k * interval);
        }
    }

    private Map<String, Object> measure() throws Exception
    {
        final Path directory = Files.createTempDirectory("archipelago-perf-holds");
        final Map<String, Object> result = new LinkedHashMap<>();
        try
        {
            engine = Archipelago.open(ArchipelagoConfig.builder().partitions(settings.islands())
                .dataDirectory(directory.resolve("data")).build());
            try
            {
                createProducts();
                result.put("engine", engine.config().toString());
                final int warmup = settings.rate() * settings.warmupSeconds();
                send(new Phase(true, warmup, take(warmup)));
                send(new Phase(false, warmup, take(warmup)));
                final int count = settings.rate() * settings.rateSeconds();
                final Map<String, Histogram> merged = new LinkedHashMap<>();
                final List<Map<String, Object>> rounds = new ArrayList<>();
                for (int round = 0; round < settings.rounds(); round++)
                {
                    for (int i = 0; i < 2; i++)
                    {
                        final boolean holds = (round % 2 == 0) == (i == 0);
                        System.gc();
                        final GcCounters gcBefore = GcCounters.now();
                        final Phase phase = new Phase(holds, count, take(count));
                        send(phase);
                        final Map<String, Object> row = report(phase, merged);
                        row.put("round", round);
                        final GcCounters gc = GcCounters.now().since(gcBefore);
                        row.put("gc_collections", gc.collections());
                        row.put("gc_ms", gc.millis());
                        rounds.add(row);
                        print("round " + round + ", " + row.get("kind"), row);
                    }
                }
                result.put("rounds", rounds);
                final Map<String, Object> all = new LinkedHashMap<>();
                for (final Map.Entry<String, Histogram> entry : merged.entrySet())
                {
                    all.put(entry.getKey(), percentiles(entry.getValue()));
                }
                result.put("merged_us", all);
                final double holdP99 = merged.get("hold_total").getValueAtPercentile(99);
                final double orderP99 = merged.get("order").getValueAtPercentile(99);
                result.put("p99_hold_to_confirmed_vs_p99_order", holdP99 / orderP99);
                System.out.printf(Locale.ROOT, "merged over %d round(s): p99 hold->CONFIRMED %,.0f us, p99 order " +
                    "%,.0f us, ratio %.2f%n", settings.rounds(), holdP99, orderP99, holdP99 / orderP99);
            }
            finally
            {
                engine.close();
            }
        }
        finally
        {
            ResultFiles.deleteTree(directory);
        }
        return result;
    }

    private long take(final int count)
    {
        final long first = nextId;
        nextId += count;
        return first;
    }

    private void createProducts()
    {
        final List<CompletableFuture<ResultCode>> created = new ArrayList<>();
        for (int p = 1; p <= PRODUCTS; p++)
        {
            created.add(engine.createProduct(p, UNITS));
        }
        for (final CompletableFuture<ResultCode> future : created)
        {
            if (future.join() != ResultCode.CREATED)
            {
                throw new IllegalStateException("product creation refused");
            }
        }
    }

    private void send(final Phase phase)
    {
        phase.interval = 1e9 / settings.rate();
        phase.start = System.nanoTime() + 1_000_000;
        for (int k = 0; k < phase.count; k++)
        {
            final long planned = phase.planned(k);
            long now;
            while ((now = System.nanoTime()) < planned)
            {
                LockSupport.parkNanos(planned - now);
            }
            phase.sendLag.recordValue(Math.min(HIGHEST_MICROS, (now - planned) / 1000));
            final long id = phase.firstId + k;
            final String login = logins[(int)(id % USERS)];
            final OrderLine[] line = lines[(int)(id % PRODUCTS)];
            final int index = k;
            if (phase.holds)
            {
                engine.hold(login, id, HOLD_FOR, line).whenComplete((held, failure) ->
                {
                    phase.heldAt[index] = System.nanoTime();
                    if (held != ResultCode.HELD)
                    {
                        phase.fail(held);
                        phase.doneAt[index] = phase.heldAt[index];
                        phase.done.incrementAndGet();
                        return;
                    }
                    confirmer.execute(() -> confirm(phase, index, login, id));
                });
            }
            else
            {
                engine.placeOrder(login, id, line).whenComplete((placed, failure) ->
                {
                    phase.doneAt[index] = System.nanoTime();
                    if (placed != ResultCode.CONFIRMED)
                    {
                        phase.fail(placed);
                    }
                    phase.done.incrementAndGet();
                });
            }
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (phase.done.get() < phase.count)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("only " + phase.done.get() + " of " + phase.count +
                    " requests finished within 60 s after the last was sent");
            }
            LockSupport.parkNanos(1_000_000);
        }
        if (phase.failed.get() != 0)
        {
            throw new IllegalStateException(phase.failed.get() + " requests did not end as expected, the last " +
                phase.lastFailure);
        }
    }

    private void confirm(final Phase phase, final int index, final String login, final long id)
    {
        phase.confirmSentAt[index] = System.nanoTime();
        engine.confirmHold(login, id).whenComplete((confirmed, failure) ->
        {
            phase.doneAt[index] = System.nanoTime();
            if (confirmed != ResultCode.CONFIRMED)
            {
                phase.fail(confirmed);
            }
            phase.done.incrementAndGet();
        });
    }

    private Map<String, Object> report(final Phase phase, final Map<String, Histogram> merged)
    {
        final Histogram total = new Histogram(HIGHEST_MICROS, 3);
        final Histogram held = new Histogram(HIGHEST_MICROS, 3);
        final Histogram heldToConfirmed = new Histogram(HIGHEST_MICROS, 3);
        final Histogram confirmCall = new Histogram(HIGHEST_MICROS, 3);
        long last = phase.start;
        for (int k = 0; k < phase.count; k++)
        {
            final long planned = phase.planned(k);
            total.recordValue(micros(phase.doneAt[k] - planned));
            last = Math.max(last, phase.doneAt[k]);
            if (phase.holds)
            {
                held.recordValue(micros(phase.heldAt[k] - planned));
                heldToConfirmed.recordValue(micros(phase.doneAt[k] - phase.heldAt[k]));
                confirmCall.recordValue(micros(phase.doneAt[k] - phase.confirmSentAt[k]));
            }
        }
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("kind", phase.holds ? "hold+confirm" : "order");
        row.put("offered_per_s", settings.rate());
        row.put("requests", phase.count);
        row.put("achieved_per_s", phase.count / ((last - phase.start) / 1e9));
        if (phase.holds)
        {
            row.put("hold_to_held_us", percentiles(held));
            row.put("held_to_confirmed_us", percentiles(heldToConfirmed));
            row.put("confirm_call_us", percentiles(confirmCall));
            row.put("hold_to_confirmed_us", percentiles(total));
            merge(merged, "hold_to_held", held);
            merge(merged, "held_to_confirmed", heldToConfirmed);
            merge(merged, "confirm_call", confirmCall);
            merge(merged, "hold_total", total);
        }
        else
        {
            row.put("order_us", percentiles(total));
            merge(merged, "order", total);
        }
        row.put("generator_late_us", percentiles(phase.sendLag));
        return row;
    }

    private static void merge(final Map<String, Histogram> merged, final String name, final Histogram histogram)
    {
        merged.computeIfAbsent(name, n -> new Histogram(HIGHEST_MICROS, 3)).add(histogram);
    }

    private static long micros(final long nanos)
    {
        return Math.max(0, Math.min(HIGHEST_MICROS, nanos / 1000));
    }

    private static Map<String, Object> percentiles(final Histogram histogram)
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("p50", histogram.getValueAtPercentile(50));
        map.put("p99", histogram.getValueAtPercentile(99));
        map.put("p99.9", histogram.getValueAtPercentile(99.9));
        map.put("max", histogram.getMaxValue());
        return map;
    }

    @SuppressWarnings("unchecked")
    private static void print(final String label, final Map<String, Object> row)
    {
        final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "latency %s at %,d/s offered, " +
            "%,.0f/s achieved:", label, (int)row.get("offered_per_s"), (double)row.get("achieved_per_s")));
        for (final Map.Entry<String, Object> entry : row.entrySet())
        {
            if (entry.getKey().endsWith("_us"))
            {
                final Map<String, Object> p = (Map<String, Object>)entry.getValue();
                line.append(String.format(Locale.ROOT, " %s p50/p99/p99.9/max %s/%s/%s/%s;", entry.getKey(),
                    p.get("p50"), p.get("p99"), p.get("p99.9"), p.get("max")));
            }
        }
        line.append(" gc ").append(row.get("gc_collections")).append(" (").append(row.get("gc_ms")).append(" ms)");
        System.out.println(line);
    }
}
