package io.archipelago.engine.logic;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.model.EventType;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.TransferPolicy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds and users' timers on one island, stepped by hand on journaled time: every outcome, the units each state
 * holds, the events, and that a snapshot taken with holds and timers pending reads back to the same digest and
 * fires the same timers at the same times.
 */
class HoldsAndTimersTest
{
    private static final long PRODUCT = 7;
    private static final long TWO_HOURS = 2 * 3600 * 1000L;

    private final LogicDriver driver = new LogicDriver(woundWait(new InventoryLogic(0, 1)));
    private final Command command = new Command();

    private ResultCode hold(final String login, final long holdId, final long holdFor, final int quantity)
    {
        return driver.apply(command.placeHold(login, holdId, holdFor).addLine(PRODUCT, quantity));
    }

    private Product product()
    {
        return driver.logic().product(PRODUCT);
    }

    @Test
    void shouldHoldUnitsUntilConfirmedAndThenSellThem()
    {
        driver.create(PRODUCT, 10);
        assertEquals(ResultCode.HELD, hold("ann", 1, TWO_HOURS, 3));
        assertEquals(3, product().held());
        assertEquals(7, product().available());
        assertEquals(OrderState.HELD, driver.logic().orderState("ann", 1));
        assertEquals(driver.now() + TWO_HOURS, driver.logic().orderStatus("ann", 1).expiresAt(),
            "expires holdFor after placement");
        assertEquals(1, driver.logic().heldHoldCount());

        assertEquals(ResultCode.CONFIRMED, driver.apply(command.confirmHold("ann", 1)));
        assertEquals(0, product().held());
        assertEquals(3, product().sold());
        assertEquals(OrderState.CONFIRMED, driver.logic().orderState("ann", 1));
        assertEquals(0, driver.logic().heldHoldCount());
        assertEquals(Long.MAX_VALUE, driver.logic().nextScheduledDue(), "the expiry left the wheel");

        assertEquals(ResultCode.ORDER_ALREADY_TERMINAL, driver.apply(command.confirmHold("ann", 1)),
            "a second confirm changes nothing");
        assertEquals(ResultCode.ORDER_ALREADY_TERMINAL, driver.apply(command.releaseHold("ann", 1)));
        assertEquals(3, product().sold());
        assertEquals(ResultCode.CANCELLED, driver.cancel("ann", 1), "a confirmed hold is an order like any other");
        assertEquals(10, product().available());
    }

    @Test
    void shouldReleaseUnitsWhenTheHoldExpiresAndRefuseALateConfirm()
    {
        driver.create(PRODUCT, 4);
        final long placedAt = driver.now() + 1;
        assertEquals(ResultCode.HELD, hold("bob", 5, TWO_HOURS, 4));
        assertEquals(placedAt + TWO_HOURS, driver.logic().nextDeadline());

        driver.tickAt(placedAt + TWO_HOURS - 1);
        assertEquals(OrderState.HELD, driver.logic().orderState("bob", 5), "not a millisecond early");
        driver.tickAt(placedAt + TWO_HOURS);
        assertEquals(OrderState.EXPIRED, driver.logic().orderState("bob", 5));
        assertEquals(4, product().available());
        assertEquals(0, product().held());

        assertEquals(ResultCode.HOLD_EXPIRED, driver.apply(command.confirmHold("bob", 5)));
        assertEquals(ResultCode.HOLD_EXPIRED, driver.apply(command.releaseHold("bob", 5)));
        assertEquals(0, product().sold(), "the late confirm changed nothing");
    }

    @Test
    void shouldReleaseAHeldHoldAndServeAWaitingOrderWithItsUnits()
    {
        driver.create(PRODUCT, 2);
        assertEquals(ResultCode.HELD, hold("ann", 1, TWO_HOURS, 2));
        assertNull(driver.order("bob", 1, PRODUCT, 1), "waits: the only units are held");
        assertEquals(ResultCode.RELEASED, driver.apply(command.releaseHold("ann", 1)));
        assertEquals(OrderState.RELEASED, driver.logic().orderState("ann", 1));
        assertEquals(OrderState.CONFIRMED, driver.logic().orderState("bob", 1), "the released unit went to bob");
        assertEquals(1, product().available());
        assertEquals(ResultCode.ORDER_ALREADY_TERMINAL, driver.apply(command.confirmHold("bob", 1)),
            "bob's order is decided");
        assertEquals(ResultCode.HELD, hold("ann", 9, TWO_HOURS, 1), "takes the last free unit");
        assertNull(driver.order("bob", 2, PRODUCT, 1), "waits");
        assertEquals(ResultCode.NOT_HELD, driver.apply(command.confirmHold("bob", 2)), "a waiting plain order");
        assertEquals(ResultCode.NOT_HELD, driver.apply(command.releaseHold("bob", 2)));
        assertEquals(ResultCode.UNKNOWN_ORDER, driver.apply(command.confirmHold("carl", 1)));
    }

    @Test
    void shouldRejectAHoldThatCannotBeCoveredAndLetAWaitingOneBeReleased()
    {
        driver.create(PRODUCT, 2);
        assertEquals(ResultCode.HELD, hold("ann", 1, TWO_HOURS, 2));
        assertNull(hold("bob", 2, TWO_HOURS, 1), "waits for units");
        final long handle = driver.lastHandle();
        assertEquals(ResultCode.NOT_HELD, driver.apply(command.confirmHold("bob", 2)), "still waiting: not held");
        assertEquals(ResultCode.RELEASED, driver.apply(command.releaseHold("bob", 2)));
        assertEquals(ResultCode.RELEASED, driver.output().deferredOutcome(handle),
            "the placement's own caller hears the hold was released");
        assertEquals(0, product().reserved());
        assertEquals(ResultCode.DUPLICATE_ORDER, hold("bob", 2, TWO_HOURS, 1), "hold ids are order ids");
        assertEquals(ResultCode.INVALID_ARGUMENT, hold("bob", 3, 0, 1));
        assertEquals(ResultCode.INVALID_ARGUMENT, hold("bob", 3, Command.MAX_AHEAD_MILLIS + 1, 1));
    }

    @Test
    void shouldRejectAWaitingHoldAtItsDeadlineWithItsOwnResult()
    {
        driver.create(PRODUCT, 1);
        assertEquals(ResultCode.HELD, hold("ann", 1, TWO_HOURS, 1));
        final long placedAt = driver.now() + 1;
        assertNull(hold("bob", 1, TWO_HOURS, 1));
        final long handle = driver.lastHandle();
        driver.tickAt(placedAt + TransferPolicy.DEFAULT.orderTimeoutMillis());
        assertEquals(ResultCode.DEADLINE_PASSED, driver.output().deferredOutcome(handle));
        assertEquals(ResultCode.DEADLINE_PASSED, driver.logic().orderStatus("bob", 1).reason());
    }

    @Test
    void shouldFireTimersOnceInDueOrderWithTheirPayloads()
    {
        final EventsSeen events = new EventsSeen();
        final InventoryLogic logic = new InventoryLogic(0, 1);
        long now = 1_000_000;
        final long[][] timers = {{3, 500}, {1, 100}, {2, 100}, {4, 5_000_000}, {5, 100}};
        for (final long[] timer : timers)
        {
            logic.apply(new Command().schedule("u" + timer[0], timer[0], timer[1], RecordDescriptor.WHEN_AFTER,
                payload(timer[0]), 0, payload(timer[0]).length), now, events);
        }
        assertEquals(List.of(ResultCode.SCHEDULED, ResultCode.SCHEDULED, ResultCode.SCHEDULED, ResultCode.SCHEDULED,
            ResultCode.SCHEDULED), events.replies);
        assertEquals(now + 100, logic.nextDeadline());
        logic.apply(new Command().cancelSchedule("u5", 5), now, events);
        assertEquals(ResultCode.SCHEDULE_CANCELLED, events.replies.get(5));
        logic.apply(new Command().cancelSchedule("u5", 5), now, events);
        assertEquals(ResultCode.UNKNOWN_SCHEDULE, events.replies.get(6));

        now += 600;
        logic.apply(new Command().tick(), now, RecordDescriptor.SOURCE_TIMER, 0, events);
        assertEquals(List.of("u1", "u2", "u3"), events.firedLogins(), "due order, then schedule order");
        assertArrayEquals(payload(2), events.payloads.get(1));
        assertEquals(1_000_000 + 5_000_000, logic.nextDeadline());
        logic.apply(new Command().tick(), now + 4_999_000, RecordDescriptor.SOURCE_TIMER, 0, events);
        assertEquals(3, events.fired.size(), "not before it is due");
        logic.apply(new Command().tick(), 1_000_000 + 5_000_000, RecordDescriptor.SOURCE_TIMER, 0, events);
        assertEquals(List.of("u1", "u2", "u3", "u4"), events.firedLogins());
        assertEquals(0, logic.scheduledCount());
        assertEquals(Long.MAX_VALUE, logic.nextDeadline());
    }

    @Test
    void shouldReplaceATimerScheduledAgainUnderTheSameKey()
    {
        final EventsSeen events = new EventsSeen();
        final InventoryLogic logic = new InventoryLogic(0, 1);
        logic.apply(new Command().schedule("u", 1, 1_000, RecordDescriptor.WHEN_AT, payload(1), 0, 3), 10, events);
        logic.apply(new Command().schedule("u", 1, 2_000, RecordDescriptor.WHEN_AT, payload(2), 0, 3), 20, events);
        assertEquals(1, logic.scheduledCount());
        assertEquals(2_000, logic.scheduledDue("u", 1));
        logic.apply(new Command().tick(), 1_500, RecordDescriptor.SOURCE_TIMER, 0, events);
        assertTrue(events.fired.isEmpty(), "the first due time is gone");
        logic.apply(new Command().tick(), 2_000, RecordDescriptor.SOURCE_TIMER, 0, events);
        assertEquals(List.of("u"), events.firedLogins());
        assertArrayEquals(java.util.Arrays.copyOf(payload(2), 3), events.payloads.get(0));
    }

    @Test
    void shouldRefuseBadTimersAndChangeNothing()
    {
        final EventsSeen events = new EventsSeen();
        final InventoryLogic logic = new InventoryLogic(0, 1);
        final String before = logic.digest();
        final byte[] big = new byte[Command.MAX_PAYLOAD_BYTES + 1];
        logic.apply(new Command().schedule("u", 1, 10, RecordDescriptor.WHEN_AFTER, big, 0, big.length), 5, events);
        logic.apply(new Command().schedule("u", 1, -1, RecordDescriptor.WHEN_AFTER, big, 0, 1), 5, events);
        logic.apply(new Command().schedule("u", 1, 5 + Command.MAX_AHEAD_MILLIS + 1, RecordDescriptor.WHEN_AT, big,
            0, 1), 5, events);
        logic.apply(new Command().schedule("", 1, 10, RecordDescriptor.WHEN_AFTER, big, 0, 1), 5, events);
        assertEquals(List.of(ResultCode.INVALID_ARGUMENT, ResultCode.INVALID_ARGUMENT, ResultCode.INVALID_ARGUMENT,
            ResultCode.INVALID_ARGUMENT), events.replies);
        assertEquals(0, logic.scheduledCount());
        assertEquals(before, logic.digest(), "nothing changed");
    }

    @Test
    void shouldFireTheSameTimersAtTheSameTimesAfterASnapshotIsReadBack()
    {
        final InventoryLogic live = new InventoryLogic(0, 1);
        final EventsSeen setup = new EventsSeen();
        live.apply(new Command().createProduct(PRODUCT, 100), 1, setup);
        final java.util.Random random = new java.util.Random(42);
        long now = 1_000;
        for (int i = 0; i < 3_000; i++)
        {
            final long due = now + random.nextInt(20_000);
            live.apply(new Command().schedule("u" + random.nextInt(50), i % 700, due, RecordDescriptor.WHEN_AT,
                payload(i), 0, 8), now, setup);
            if (i % 100 == 0)
            {
                live.apply(new Command().placeHold("h" + i, i, random.nextInt(10_000) + 1).addLine(PRODUCT, 1),
                    now, setup);
            }
            now += random.nextInt(3);
        }
        final InventoryLogic restored = LogicSnapshot.read(LogicSnapshot.write(live), TransferPolicy.DEFAULT.strategy());
        assertEquals(live.digest(), restored.digest(), "read back to the same state");
        final EventsSeen a = new EventsSeen();
        final EventsSeen b = new EventsSeen();
        for (long t = now; t < now + 25_000; t += 1 + random.nextInt(700))
        {
            live.apply(new Command().tick(), t, RecordDescriptor.SOURCE_TIMER, 0, a);
            restored.apply(new Command().tick(), t, RecordDescriptor.SOURCE_TIMER, 0, b);
            assertEquals(live.digest(), restored.digest(), "same state after the tick at " + t);
        }
        assertEquals(a.events, b.events, "the same firings in the same order");
        assertTrue(a.firedLogins().size() > 1_000, "most timers fired: " + a.firedLogins().size());
        assertEquals(0, live.scheduledCount());
        assertEquals(0, live.heldHoldCount(), "every hold expired");
        assertEquals(100, live.product(PRODUCT).available());
    }

    /**
     * @return the island, switched to the default strategy (an island starts with the initial one, which on a single
     *         island rejects at once an order nothing is free for).
     */
    static InventoryLogic woundWait(final InventoryLogic logic)
    {
        final TransferPolicy policy = TransferPolicy.DEFAULT;
        logic.apply(new Command().setPolicy(policy.strategy().name(), policy.transferTimeoutMillis(),
            policy.retryInitialMillis(), policy.retryMaxMillis()), 1, LogicOutput.DISCARD);
        return logic;
    }

    @Test
    void shouldFireAtMostTheLimitPerTickAndTheRestAtTheNextTicksInTheSameOrder()
    {
        final InventoryLogic logic = new InventoryLogic(0, 1);
        final EventsSeen events = new EventsSeen();
        final int count = ScheduleBook.FIRE_LIMIT * 2 + 7;
        for (int i = 0; i < count; i++)
        {
            logic.apply(new Command().schedule("u" + (count - i), i, 1_000 + i % 3, RecordDescriptor.WHEN_AT,
                payload(i), 0, 4), 10, events);
        }
        logic.apply(new Command().tick(), 5_000, RecordDescriptor.SOURCE_TIMER, 0, events);
        assertEquals(ScheduleBook.FIRE_LIMIT, events.fired.size(), "one tick fires at most the limit");
        assertTrue(logic.lastTickSaturated());
        assertNull(logic.overdueTimer(), "a saturated tick leaves the rest to the next ticks");
        assertEquals(1_001, logic.nextDeadline(), "the rest are still due: the runtime ticks again at once");
        logic.apply(new Command().tick(), 5_000, RecordDescriptor.SOURCE_TIMER, 0, events);
        logic.apply(new Command().tick(), 5_001, RecordDescriptor.SOURCE_TIMER, 0, events);
        assertEquals(count, events.fired.size());
        assertTrue(!logic.lastTickSaturated());
        final List<String> expected = new ArrayList<>();
        for (int due = 0; due < 3; due++)
        {
            for (int i = due; i < count; i += 3)
            {
                expected.add("u" + (count - i));
            }
        }
        assertEquals(expected, events.fired, "due order, then schedule order, across the three ticks");
    }

    @Test
    void shouldReportATimerTheLastTickLeftBehindButNotOneAddedAfterIt()
    {
        final InventoryLogic logic = new InventoryLogic(0, 1);
        final EventsSeen events = new EventsSeen();
        logic.apply(new Command().schedule("u", 1, 100, RecordDescriptor.WHEN_AT, payload(1), 0, 3), 10, events);
        logic.apply(new Command().tick(), 50, RecordDescriptor.SOURCE_TIMER, 0, events);
        assertNull(logic.overdueTimer());

        logic.apply(new Command().tick(), 200, RecordDescriptor.SOURCE_TIMER, 0, events);
        logic.apply(new Command().schedule("u", 2, 150, RecordDescriptor.WHEN_AT, payload(2), 0, 3), 200, events);
        assertEquals(200, logic.scheduledDue("u", 2), "due in the past: due now");
        assertNull(logic.overdueTimer(), "added after the last tick: the next tick fires it");
        assertTrue(io.archipelago.engine.invariants.Invariants.of(List.of(logic)).checkTimers().violations()
            .isEmpty());

        final List<WheelTimer> pending = new ArrayList<>();
        logic.wheel().forEachInOrder(pending::add);
        final WheelTimer lost = pending.get(0);
        logic.wheel().cancel(lost);
        logic.apply(new Command().tick(), 300, RecordDescriptor.SOURCE_TIMER, 0, events);
        logic.wheel().restore(lost);
        assertEquals("timer u#2 due at 200 still pending after the tick at 300", logic.overdueTimer(),
            "a tick that failed to fire a due timer is caught");
        final var violations = io.archipelago.engine.invariants.Invariants.of(List.of(logic)).checkTimers()
            .violations();
        assertEquals(1, violations.size());
        assertEquals("timer_overdue", violations.get(0).invariant().kind());
    }

    private static byte[] payload(final long seed)
    {
        return ("payload-" + seed).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Replies and events of the inputs applied.
     */
    static final class EventsSeen implements LogicOutput
    {
        final List<ResultCode> replies = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        final List<String> fired = new ArrayList<>();
        final List<byte[]> payloads = new ArrayList<>();

        @Override
        public void reply(final ResultCode result)
        {
            replies.add(result);
        }

        @Override
        public long deferReply()
        {
            return 1;
        }

        @Override
        public void replyDeferred(final long handle, final ResultCode result)
        {
        }

        @Override
        public void orderEvent(final EventType type, final byte[] login, final int loginLength, final long orderId,
            final ResultCode reason, final int lineCount, final long flag)
        {
            events.add(type + " " + new String(login, 0, loginLength, StandardCharsets.UTF_8) + "#" + orderId + " " + reason + " " + flag);
        }

        @Override
        public void scheduleFired(final String login, final long key, final byte[] payload)
        {
            events.add("FIRED " + login + "/" + key + " " + new String(payload, StandardCharsets.UTF_8));
            fired.add(login);
            payloads.add(payload.clone());
        }

        List<String> firedLogins()
        {
            return fired;
        }
    }
}
