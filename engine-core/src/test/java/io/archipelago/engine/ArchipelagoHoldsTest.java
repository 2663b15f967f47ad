package io.archipelago.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.events.EventLog;
import io.archipelago.engine.events.JournalEvents;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.Event;
import io.archipelago.engine.model.EventType;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.OrderStatus;
import io.archipelago.engine.model.ProductView;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.ScheduledActivity;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds and users' timers through the embedded API with real island threads and journals, on a test clock that the
 * test moves: two hours pass in a step. Covers confirm, release and expiry, timers that fall due while the engine is
 * down (they fire in due order right after it reopens), an order whose deadline passed while the engine was down,
 * the same digests after replay with timers pending, and every refusal leaving the state unchanged.
 */
class ArchipelagoHoldsTest
{
    private static final long PRODUCT = 1;
    private static final long START = 1_800_000_000_000L;
    private static final Duration TWO_HOURS = Duration.ofHours(2);

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(START);

    private ArchipelagoConfig config(final int islands)
    {
        return ArchipelagoConfig.builder().partitions(islands).islandThreads(Math.min(2, islands)).dataDirectory(dir)
            .clock(now::get).build();
    }

    private static <T> T get(final java.util.concurrent.CompletableFuture<T> future) throws Exception
    {
        return future.get(20, TimeUnit.SECONDS);
    }

    @Test
    void shouldHoldConfirmReleaseAndExpireWithEventsAndUnitsAccountedFor() throws Exception
    {
        try (Archipelago engine = Archipelago.open(config(4)))
        {
            assertEquals(ResultCode.CREATED, get(engine.createProduct(PRODUCT, 40)));
            assertEquals(ResultCode.HELD, get(engine.hold("ann", 1, TWO_HOURS, new OrderLine(PRODUCT, 3))));
            assertEquals(ResultCode.HELD, get(engine.hold("bob", 1, TWO_HOURS, new OrderLine(PRODUCT, 4))));
            assertEquals(ResultCode.HELD, get(engine.hold("cat", 1, Duration.ofMinutes(5),
                new OrderLine(PRODUCT, 5))));
            final OrderStatus ann = get(engine.orderStatus("ann", 1));
            assertEquals(OrderState.HELD, ann.state());
            assertEquals(START + TWO_HOURS.toMillis(), ann.expiresAt());
            assertEquals(12, get(engine.productView(PRODUCT)).held());
            assertEquals(new ScheduledActivity(3, 0, START + Duration.ofMinutes(5).toMillis()),
                get(engine.scheduledActivity()));

            assertEquals(ResultCode.CONFIRMED, get(engine.confirmHold("ann", 1)));
            assertEquals(ResultCode.RELEASED, get(engine.releaseHold("bob", 1)));
            now.addAndGet(Duration.ofMinutes(5).toMillis());
            EngineWaits.await(() -> EngineWaits.state(engine, "cat", 1) == OrderState.EXPIRED);
            assertEquals(ResultCode.HOLD_EXPIRED, get(engine.confirmHold("cat", 1)));

            final ProductView total = get(engine.productView(PRODUCT));
            assertEquals(0, total.held());
            assertEquals(3, total.sold());
            assertEquals(37, total.available() + total.inFlight() + total.reserved());
            assertEquals(ScheduledActivity.NONE, get(engine.scheduledActivity()));
        }
        final List<Event> events = allEvents(4);
        assertEquals(List.of("HOLD_CONFIRMED ann", "HOLD_EXPIRED cat", "HOLD_HELD ann", "HOLD_HELD bob",
            "HOLD_HELD cat", "HOLD_RELEASED bob"), events.stream()
            .filter(e -> e.type().name().startsWith("HOLD_"))
            .map(e -> e.type() + " " + e.login()).sorted().toList());
        final Event expired = events.stream().filter(e -> e.type() == EventType.HOLD_EXPIRED).findFirst()
            .orElseThrow();
        assertTrue(expired.timestamp() >= START + Duration.ofMinutes(5).toMillis(), "not before its expiry");
        assertEquals(1, events.stream().filter(e -> e.type() == EventType.HOLD_RELEASED).findFirst().orElseThrow()
            .units(), "the released hold was held: its units came back");
    }

    @Test
    void shouldFireTimersThatFellDueWhileDownInDueOrderRightAfterReopen() throws Exception
    {
        final List<String> digests;
        try (Archipelago engine = Archipelago.open(config(3)))
        {
            for (int i = 0; i < 30; i++)
            {
                final Instant due = Instant.ofEpochMilli(START + TWO_HOURS.toMillis() - i * 60_000L);
                assertEquals(ResultCode.SCHEDULED, get(engine.schedule("user-" + (i % 7), i, due,
                    ("job " + i).getBytes(StandardCharsets.UTF_8))));
            }
            assertEquals(ResultCode.SCHEDULED, get(engine.schedule("user-1", 100, Duration.ofDays(3),
                new byte[] {9})));
            assertEquals(ResultCode.SCHEDULE_CANCELLED, get(engine.cancelSchedule("user-0", 0)));
            assertEquals(ResultCode.UNKNOWN_SCHEDULE, get(engine.cancelSchedule("user-0", 0)));
            assertEquals(30, get(engine.scheduledActivity()).pendingTimers());
            digests = engine.digests();
        }
        try (Archipelago engine = Archipelago.open(config(3)))
        {
            assertEquals(digests, engine.digests(), "the same state with timers pending after a reopen");
        }
        deleteSnapshots(3);
        try (Archipelago engine = Archipelago.open(config(3)))
        {
            assertEquals(digests, engine.digests(), "the journal alone replays to the same state");
        }

        now.addAndGet(TWO_HOURS.toMillis() + 1);
        try (Archipelago engine = Archipelago.open(config(3)))
        {
            EngineWaits.await(() -> pendingTimers(engine) == 1);
            assertEquals(START + Duration.ofDays(3).toMillis(), get(engine.scheduledDue("user-1", 100)));
            assertEquals(-1L, get(engine.scheduledDue("user-2", 2)), "fired");
        }
        final List<Event> fired = allEvents(3).stream().filter(e -> e.type() == EventType.SCHEDULE_FIRED).toList();
        assertEquals(29, fired.size(), "every timer that fell due fired once (one was cancelled)");
        final List<Long> keysByIsland = new ArrayList<>();
        for (int island = 0; island < 3; island++)
        {
            final int i = island;
            final List<Long> keys = fired.stream().filter(e -> e.id().island() == i).map(Event::orderId).toList();
            for (int k = 1; k < keys.size(); k++)
            {
                assertTrue(keys.get(k - 1) > keys.get(k), "island " + island + " fired in due order (larger keys " +
                    "are due earlier): " + keys);
            }
            keysByIsland.addAll(keys);
        }
        assertEquals(29, keysByIsland.stream().distinct().count());
        final Event job7 = fired.stream().filter(e -> e.orderId() == 7).findFirst().orElseThrow();
        assertArrayEquals("job 7".getBytes(StandardCharsets.UTF_8), job7.payload());
        assertEquals("user-0", job7.login());
    }

    @Test
    void shouldRejectAnOrderPendingAtCloseWhoseDeadlinePassedWhileDownWithItsOwnResult() throws Exception
    {
        try (Archipelago engine = Archipelago.open(config(1)))
        {
            assertEquals(ResultCode.CREATED, get(engine.createProduct(PRODUCT, 2)));
            assertEquals(ResultCode.HELD, get(engine.hold("ann", 1, TWO_HOURS, new OrderLine(PRODUCT, 2))));
            final var waiting = engine.placeOrder("bob", 1, Duration.ofSeconds(30), new OrderLine(PRODUCT, 1));
            EngineWaits.await(() -> EngineWaits.state(engine, "bob", 1) == OrderState.PENDING);
            engine.close();
            assertEquals(ResultCode.PENDING_AT_CLOSE, get(waiting));
        }
        now.addAndGet(Duration.ofMinutes(1).toMillis());
        try (Archipelago engine = Archipelago.open(config(1)))
        {
            EngineWaits.await(() -> EngineWaits.state(engine, "bob", 1) == OrderState.REJECTED);
            assertEquals(ResultCode.DEADLINE_PASSED, get(engine.orderStatus("bob", 1)).reason());
            assertEquals(OrderState.HELD, EngineWaits.state(engine, "ann", 1), "the hold has an hour and 59 minutes left");
        }
    }

    @Test
    void shouldRefuseBadHoldsAndTimersWithAResultAndChangeNothing() throws Exception
    {
        try (Archipelago engine = Archipelago.open(config(2)))
        {
            assertEquals(ResultCode.CREATED, get(engine.createProduct(PRODUCT, 10)));
            assertEquals(ResultCode.HELD, get(engine.hold("ann", 1, TWO_HOURS, new OrderLine(PRODUCT, 1))));
            final List<String> before = engine.digests();
            final OrderLine line = new OrderLine(PRODUCT, 1);
            assertEquals(ResultCode.INVALID_ARGUMENT, get(engine.hold("ann", 2, Duration.ZERO, line)));
            assertEquals(ResultCode.INVALID_ARGUMENT, get(engine.hold("ann", 2, Duration.ofDays(367), line)));
            assertEquals(ResultCode.INVALID_ARGUMENT, get(engine.hold("ann", 2, null, line)));
            assertEquals(ResultCode.INVALID_ARGUMENT, get(engine.hold("ann", 2, TWO_HOURS)));
            assertEquals(ResultCode.INVALID_ARGUMENT, get(engine.hold("", 2, TWO_HOURS, line)));
            assertEquals(ResultCode.INVALID_ARGUMENT, get(engine.hold("ann", 2, TWO_HOURS, new OrderLine(PRODUCT,
                0))));
            assertEquals(ResultCode.DUPLICATE_ORDER, get(engine.hold("ann", 1, TWO_HOURS, line)));
            assertEquals(ResultCode.UNKNOWN_ORDER, get(engine.confirmHold("ann", 99)));
            assertEquals(ResultCode.UNKNOWN_ORDER, get(engine.releaseHold("nobody", 1)));
            assertEquals(ResultCode.INVALID_ARGUMENT, get(engine.confirmHold(null, 1)));
            final byte[] tooBig = new byte[Command.MAX_PAYLOAD_BYTES + 1];
            assertEquals(ResultCode.INVALID_ARGUMENT, get(engine.schedule("ann", 1, Duration.ofMinutes(1), tooBig)));
            assertEquals(ResultCode.INVALID_ARGUMENT, get(engine.schedule("ann", 1, Duration.ofMinutes(1), null)));
            assertEquals(ResultCode.INVALID_ARGUMENT, get(engine.schedule("ann", 1, Duration.ofMinutes(-1),
                new byte[0])));
            assertEquals(ResultCode.INVALID_ARGUMENT, get(engine.schedule("ann", 1, Duration.ofDays(400),
                new byte[0])));
            assertEquals(ResultCode.INVALID_ARGUMENT, get(engine.schedule("ann", 1,
                Instant.ofEpochMilli(START).plus(Duration.ofDays(400)), new byte[0])));
            assertEquals(ResultCode.INVALID_ARGUMENT, get(engine.schedule("ann", 1, Instant.ofEpochMilli(-5),
                new byte[0])));
            assertEquals(ResultCode.UNKNOWN_SCHEDULE, get(engine.cancelSchedule("ann", 1)));
            assertEquals(before, engine.digests(), "no refusal changed anything");
            assertEquals(ResultCode.SCHEDULED, get(engine.schedule("ann", 1, Duration.ofMinutes(1),
                new byte[Command.MAX_PAYLOAD_BYTES])), "the largest payload is taken");
        }
    }

    private static long pendingTimers(final Archipelago engine)
    {
        try
        {
            return get(engine.scheduledActivity()).pendingTimers();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }


    private List<Event> allEvents(final int islands)
    {
        final List<Event> events = new ArrayList<>();
        for (int island = 0; island < islands; island++)
        {
            try (EventLog log = EventLog.openReadOnly(island, new DataDirectoryLayout(dir).events(island)))
            {
                events.addAll(JournalEvents.read(log));
            }
        }
        return events;
    }

    private void deleteSnapshots(final int islands) throws Exception
    {
        final DataDirectoryLayout layout = new DataDirectoryLayout(dir);
        for (int island = 0; island < islands; island++)
        {
            if (Files.isDirectory(layout.snapshots(island)))
            {
                try (var files = Files.list(layout.snapshots(island)))
                {
                    for (final Path file : files.toList())
                    {
                        Files.delete(file);
                    }
                }
            }
            Files.deleteIfExists(layout.cleanShutdown(island));
        }
    }
}
