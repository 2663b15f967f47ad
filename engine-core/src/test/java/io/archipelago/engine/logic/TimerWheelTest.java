package io.archipelago.engine.logic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The timer wheel against a sorted set on seeded random operations: adds near and far (within a slot, across many
 * windows, years ahead), cancels, fires with small limits, jumps in time far beyond the near window, and reading the
 * wheel back from its timers in order (as a snapshot does) in the middle of it all.
 */
class TimerWheelTest
{
    @Test
    void shouldFireExactlyWhatASortedSetWouldInTheSameOrder()
    {
        for (int seed = 0; seed < 40; seed++)
        {
            runAgainstReference(seed);
        }
    }

    private static void runAgainstReference(final int seed)
    {
        final Random random = new Random(seed);
        TimerWheel wheel = new TimerWheel();
        final TreeSet<WheelTimer> reference = new TreeSet<>(WheelTimer.ORDER);
        final List<WheelTimer> live = new ArrayList<>();
        long now = random.nextInt(1_000_000);
        for (int step = 0; step < 20_000; step++)
        {
            final int op = random.nextInt(100);
            if (op < 55)
            {
                final long ahead = switch (random.nextInt(5))
                {
                    case 0 -> 0;
                    case 1 -> random.nextInt(10);
                    case 2 -> random.nextInt(TimerWheel.SLOTS * 3);
                    case 3 -> random.nextInt(50_000_000);
                    default -> (long)(random.nextDouble() * 366L * 24 * 3600 * 1000);
                };
                final WheelTimer timer = new WheelTimer(WheelTimer.SCHEDULED, now + ahead, "u", step, new byte[0],
                    null);
                wheel.add(timer);
                reference.add(timer);
                live.add(timer);
            }
            else if (op < 70 && !live.isEmpty())
            {
                final WheelTimer timer = live.remove(random.nextInt(live.size()));
                wheel.cancel(timer);
                reference.remove(timer);
            }
            else if (op < 97)
            {
                now += switch (random.nextInt(4))
                {
                    case 0 -> random.nextInt(3);
                    case 1 -> random.nextInt(TimerWheel.SLOTS);
                    case 2 -> random.nextInt(TimerWheel.SLOTS * 20);
                    default -> random.nextInt(100_000_000);
                };
                final int limit = 1 + random.nextInt(random.nextBoolean() ? 5 : 5_000);
                final List<WheelTimer> fired = new ArrayList<>();
                final long time = now;
                wheel.fire(now, limit, fired::add);
                for (final WheelTimer timer : fired)
                {
                    final WheelTimer expected = reference.pollFirst();
                    assertSame(expected, timer, "seed " + seed + " step " + step + ": firing order");
                    assertEquals(true, timer.due <= time, "fired only when due");
                    live.remove(timer);
                }
                if (fired.size() < limit && !reference.isEmpty())
                {
                    assertEquals(true, reference.first().due > now,
                        "seed " + seed + " step " + step + ": everything due fired when below the limit");
                }
            }
            else
            {
                wheel = readBack(wheel, live);
            }
            assertEquals(reference.size(), wheel.size(), "seed " + seed + " step " + step + ": size");
            final long earliest = reference.isEmpty() ? Long.MAX_VALUE : reference.first().due;
            final long next = wheel.nextDue();
            assertTrue(next == earliest || next < earliest && next % TimerWheel.SLOTS == 0,
                "seed " + seed + " step " + step + ": next due " + next + " is the earliest due time " + earliest +
                " or, earlier, the start of the window that holds it");
        }
    }

    /**
     * What reading a snapshot does: a new wheel, the same next sequence, the timers in (due, sequence) order.
     */
    private static TimerWheel readBack(final TimerWheel wheel, final List<WheelTimer> live)
    {
        final List<WheelTimer> ordered = new ArrayList<>();
        wheel.forEachInOrder(ordered::add);
        assertEquals(live.size(), ordered.size());
        final TimerWheel copy = new TimerWheel();
        copy.nextSequence(wheel.nextSequence());
        for (final WheelTimer timer : ordered)
        {
            wheel.cancel(timer);
            copy.restore(timer);
        }
        assertEquals(0, wheel.size());
        return copy;
    }

    @Test
    void shouldAnswerTheWindowStartAfterItsEarliestTimerIsCancelledAndBeExactOnceTimeReachesIt()
    {
        final TimerWheel wheel = new TimerWheel();
        final long window = 1_000;
        final List<WheelTimer> timers = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            final WheelTimer timer = new WheelTimer(WheelTimer.SCHEDULED, window * TimerWheel.SLOTS + 10 + i, "u", i,
                new byte[0], null);
            wheel.add(timer);
            timers.add(timer);
        }
        assertEquals(window * TimerWheel.SLOTS + 10, wheel.nextDue(), "exact while nothing was cancelled");
        wheel.cancel(timers.get(0));
        assertEquals(window * TimerWheel.SLOTS, wheel.nextDue(), "the window's start, without walking it");
        assertEquals(0, wheel.fire(window * TimerWheel.SLOTS, 10, timer -> { }), "nothing is due at the start");
        assertEquals(window * TimerWheel.SLOTS + 11, wheel.nextDue(), "exact once the window is in the slots");
    }

    @Test
    void shouldRefuseATimerDueBeforeItsWindowAndASequenceFromTheFuture()
    {
        final TimerWheel wheel = new TimerWheel();
        wheel.add(new WheelTimer(WheelTimer.SCHEDULED, 10L * TimerWheel.SLOTS + 5, "u", 1, new byte[0], null));
        wheel.fire(10L * TimerWheel.SLOTS + 5, 10, timer -> { });
        assertThrows(IllegalStateException.class, () -> wheel.add(new WheelTimer(WheelTimer.SCHEDULED, 3, "u", 2,
            new byte[0], null)));
        final WheelTimer future = new WheelTimer(WheelTimer.SCHEDULED, 1L << 40, "u", 3, new byte[0], null);
        future.sequence = 99;
        assertThrows(IllegalStateException.class, () -> wheel.restore(future));
    }
}
