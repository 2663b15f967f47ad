package io.archipelago.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.OrderStatus;
import io.archipelago.engine.model.ProductView;
import io.archipelago.engine.model.ResultCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What cancelling does in each state an order or hold can be in, and how an order that runs out of time is told
 * apart from one no island can ever cover, through the embedded API with real island threads.
 */
class ArchipelagoOrderOutcomesTest
{
    private static final long PRODUCT = 5;
    private static final long START = 1_800_000_000_000L;

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(START);

    private static <T> T get(final CompletableFuture<T> future) throws Exception
    {
        return future.get(20, TimeUnit.SECONDS);
    }

    @Test
    void shouldCancelAnOrderOrHoldInEachStateAsDocumented() throws Exception
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(1).dataDirectory(dir)
            .clock(now::get).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(ResultCode.CREATED, get(engine.createProduct(PRODUCT, 5)));
            assertEquals(ResultCode.HELD, get(engine.hold("holder", 1, Duration.ofHours(1),
                new OrderLine(PRODUCT, 4))));
            assertView(engine, 1, 0, 4, 0);

            // PENDING: what it reserved goes back, and its placer is answered CANCELLED
            final CompletableFuture<ResultCode> pending = engine.placeOrder("alice", 1, Duration.ofMinutes(1),
                new OrderLine(PRODUCT, 3));
            EngineWaits.await(() -> EngineWaits.state(engine, "alice", 1) == OrderState.PENDING);
            assertView(engine, 0, 1, 4, 0);
            assertEquals(ResultCode.CANCELLED, get(engine.cancelOrder("alice", 1)));
            assertEquals(ResultCode.CANCELLED, get(pending), "the placer learns its order was cancelled");
            assertEquals(OrderState.CANCELLED, EngineWaits.state(engine, "alice", 1));
            assertNull(get(engine.orderStatus("alice", 1)).reason(), "a reason is given only for REJECTED");
            assertView(engine, 1, 0, 4, 0);

            // CONFIRMED: its units are no longer sold
            assertEquals(ResultCode.CONFIRMED, get(engine.placeOrder("bob", 1, new OrderLine(PRODUCT, 1))));
            assertView(engine, 0, 0, 4, 1);
            assertEquals(ResultCode.CANCELLED, get(engine.cancelOrder("bob", 1)));
            assertEquals(OrderState.CANCELLED, EngineWaits.state(engine, "bob", 1));
            assertView(engine, 1, 0, 4, 0);

            // HELD: its held units go back, as releaseHold does, but it ends CANCELLED
            assertEquals(ResultCode.CANCELLED, get(engine.cancelOrder("holder", 1)));
            assertEquals(OrderState.CANCELLED, EngineWaits.state(engine, "holder", 1));
            assertEquals(ResultCode.ORDER_ALREADY_TERMINAL, get(engine.confirmHold("holder", 1)));
            assertView(engine, 5, 0, 0, 0);

            // a hold still waiting for units: its placer is answered CANCELLED
            assertEquals(ResultCode.HELD, get(engine.hold("dave", 1, Duration.ofHours(1), new OrderLine(PRODUCT, 5))));
            final CompletableFuture<ResultCode> waitingHold = engine.hold("carol", 1, Duration.ofHours(1),
                Duration.ofMinutes(1), new OrderLine(PRODUCT, 1));
            EngineWaits.await(() -> EngineWaits.state(engine, "carol", 1) == OrderState.PENDING);
            assertEquals(ResultCode.CANCELLED, get(engine.cancelOrder("carol", 1)));
            assertEquals(ResultCode.CANCELLED, get(waitingHold));
            assertView(engine, 0, 0, 5, 0);

            // a confirmed hold is a confirmed order: cancelling gives its units back
            assertEquals(ResultCode.CONFIRMED, get(engine.confirmHold("dave", 1)));
            assertView(engine, 0, 0, 0, 5);
            assertEquals(ResultCode.CANCELLED, get(engine.cancelOrder("dave", 1)));
            assertView(engine, 5, 0, 0, 0);

            // terminal states: REJECTED, CANCELLED, RELEASED, EXPIRED change nothing
            assertEquals(ResultCode.OUT_OF_STOCK, get(engine.placeOrder("erin", 1, new OrderLine(PRODUCT, 6))));
            assertEquals(ResultCode.HELD, get(engine.hold("fay", 1, Duration.ofHours(1), new OrderLine(PRODUCT, 1))));
            assertEquals(ResultCode.RELEASED, get(engine.releaseHold("fay", 1)));
            assertEquals(ResultCode.HELD, get(engine.hold("gus", 1, Duration.ofMinutes(5),
                new OrderLine(PRODUCT, 1))));
            now.addAndGet(Duration.ofMinutes(5).toMillis());
            EngineWaits.await(() -> EngineWaits.state(engine, "gus", 1) == OrderState.EXPIRED);
            for (final String login : new String[] {"erin", "alice", "bob", "holder", "carol", "dave", "fay", "gus"})
            {
                final OrderState before = EngineWaits.state(engine, login, 1);
                assertTrue(before.isTerminal(), login + " " + before);
                assertEquals(ResultCode.ORDER_ALREADY_TERMINAL, get(engine.cancelOrder(login, 1)), login);
                assertEquals(before, EngineWaits.state(engine, login, 1), login);
            }
            assertEquals(ResultCode.UNKNOWN_ORDER, get(engine.cancelOrder("alice", 2)));
            assertView(engine, 5, 0, 0, 0);
        }
    }

    @Test
    void shouldRejectAnOrderWhoseTimeoutPassesWhileItWaitsWithDeadlinePassedNotOutOfStock() throws Exception
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(2).dataDirectory(dir).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(ResultCode.CREATED, get(engine.createProduct(PRODUCT, 4)));
            assertEquals(ResultCode.HELD, get(engine.hold("holder", 1, Duration.ofHours(1),
                new OrderLine(PRODUCT, 4))));
            final String buyer = otherIsland(engine, "holder");

            final long started = System.nanoTime();
            final ResultCode waited = get(engine.placeOrder(buyer, 1, Duration.ofMillis(300),
                new OrderLine(PRODUCT, 1)));
            final long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(ResultCode.DEADLINE_PASSED, waited, "held units may come back, so the order waited for " +
                "them until its timeout: that is not OUT_OF_STOCK");
            assertTrue(waitedMillis >= 290, "rejected at its timeout, not before: " + waitedMillis + " ms");
            final OrderStatus status = get(engine.orderStatus(buyer, 1));
            assertEquals(OrderState.REJECTED, status.state());
            assertEquals(ResultCode.DEADLINE_PASSED, status.reason());

            assertEquals(ResultCode.OUT_OF_STOCK, get(engine.placeOrder(buyer, 2, Duration.ofMinutes(1),
                new OrderLine(PRODUCT, 5))), "more than was ever created: no island can cover it");
            assertEquals(ResultCode.OUT_OF_STOCK, get(engine.orderStatus(buyer, 2)).reason());

            final ProductView view = get(engine.productView(PRODUCT));
            assertEquals(4, view.held());
            assertEquals(0, view.reserved(), "the rejected orders released what they reserved");
            assertEquals(4, view.available() + view.reserved() + view.held() + view.sold() + view.inFlight());
        }
    }

    private static String otherIsland(final Archipelago engine, final String login)
    {
        for (int i = 0; ; i++)
        {
            if (engine.partitionOf("buyer-" + i) != engine.partitionOf(login))
            {
                return "buyer-" + i;
            }
        }
    }

    private static void assertView(final Archipelago engine, final long available, final long reserved,
        final long held, final long sold) throws Exception
    {
        final ProductView view = get(engine.productView(PRODUCT));
        assertEquals(available + "/" + reserved + "/" + held + "/" + sold,
            view.available() + "/" + view.reserved() + "/" + view.held() + "/" + view.sold(),
            "available/reserved/held/sold of " + view);
        assertEquals(view.created(), view.available() + view.reserved() + view.held() + view.sold() +
            view.inFlight(), view::toString);
        assertEquals(0, view.inFlight(), "one island: nothing in flight " + view);
    }
}
