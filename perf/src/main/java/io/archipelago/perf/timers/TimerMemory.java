package io.archipelago.perf.timers;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.logic.LogicOutput;

/**
 * Heap per pending timer: the heap in use (after several {@link System#gc()}) before and after one island's logic
 * scheduled the timers, divided by their number. Nothing but the island keeps what scheduling made: each user's
 * login string is built on the fly (the island keeps the first one it sees per user), and due times come from a
 * seeded generator rather than an array. Measured twice, once with the timers spread over the configured users and
 * once with every timer its own user.
 */
final class TimerMemory
{
    private static final int GC_CALLS = 5;

    private TimerMemory()
    {
    }

    static Map<String, Object> run(final TimersSettings settings)
    {
        final List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(measure(settings, settings.users()));
        rows.add(measure(settings, settings.timers()));
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("method", "MemoryMXBean heap used after " + GC_CALLS + " System.gc() calls, before and after " +
            "scheduling, one InventoryLogic");
        result.put("rows", rows);
        return result;
    }

    private static Map<String, Object> measure(final TimersSettings settings, final int users)
    {
        final int timers = settings.timers();
        final byte[] payload = new byte[settings.payloadBytes()];
        final Command command = new Command();
        final InventoryLogic logic = new InventoryLogic(0, 1);
        final SplittableRandom random = new SplittableRandom(0x7133_2026L);
        final long before = settledHeapUsed();
        for (int key = 0; key < timers; key++)
        {
            command.schedule(TimerPlan.userLogin(key % users), key,
                LogicTimers.START + 1 + random.nextLong(settings.spreadMillis()), RecordDescriptor.WHEN_AT, payload,
                0, payload.length);
            logic.apply(command, LogicTimers.START, LogicOutput.DISCARD);
        }
        final long after = settledHeapUsed();
        if (logic.scheduledCount() != timers)
        {
            throw new IllegalStateException(logic.scheduledCount() + " timers pending of " + timers);
        }
        Reference.reachabilityFence(logic);
        final double perTimer = (after - before) / (double)timers;
        System.out.printf(Locale.ROOT, "memory: %,d timers of %d-byte payloads over %,d users: heap %,d -> %,d bytes, " +
            "%.1f bytes per pending timer%n", timers, payload.length, users, before, after, perTimer);
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("timers", timers);
        row.put("users", users);
        row.put("timers_per_user", timers / (double)users);
        row.put("payload_bytes", payload.length);
        row.put("heap_used_before", before);
        row.put("heap_used_after", after);
        row.put("bytes_per_timer", perTimer);
        return row;
    }

    private static long settledHeapUsed()
    {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < GC_CALLS; i++)
        {
            System.gc();
            LockSupport.parkNanos(50_000_000L);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
