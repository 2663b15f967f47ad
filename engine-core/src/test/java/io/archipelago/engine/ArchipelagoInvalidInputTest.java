package io.archipelago.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.CommandType;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.OrderStatus;
import io.archipelago.engine.model.ProductView;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.ResultListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class ArchipelagoInvalidInputTest
{
    private static final int PARTITIONS = 4;
    private static final long PRODUCT = 1;

    @TempDir
    Path dir;

    private static ResultCode await(final CompletableFuture<ResultCode> future) throws Exception
    {
        return future.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldRefuseBadInputWithInvalidArgumentAndJournalNothingOfIt() throws Exception
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(PARTITIONS).dataDirectory(dir).build();
        final AtomicInteger listenerCalls = new AtomicInteger();
        final ResultListener listener = (correlationId, result) -> listenerCalls.incrementAndGet();
        final OrderLine one = new OrderLine(PRODUCT, 1);
        final OrderLine[] tooMany = new OrderLine[Command.MAX_LINES + 1];
        for (int i = 0; i < tooMany.length; i++)
        {
            tooMany[i] = new OrderLine(PRODUCT, 1);
        }
        final String tooLongLogin = "\u7528".repeat(86);
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(ResultCode.CREATED, await(engine.createProduct(PRODUCT, 400)));
            final List<CompletableFuture<ResultCode>> refused = new ArrayList<>();
            refused.add(engine.placeOrder(null, 1, one));
            refused.add(engine.placeOrder("", 1, one));
            refused.add(engine.placeOrder("bad\uD800", 1, one));
            refused.add(engine.placeOrder(tooLongLogin, 1, one));
            refused.add(engine.placeOrder("alice", 1));
            refused.add(engine.placeOrder("alice", 1, (OrderLine[])null));
            refused.add(engine.placeOrder("alice", 1, (List<OrderLine>)null));
            refused.add(engine.placeOrder("alice", 1, List.of()));
            refused.add(engine.placeOrder("alice", 1, tooMany));
            refused.add(engine.placeOrder("alice", 1, new OrderLine(PRODUCT, 0)));
            refused.add(engine.placeOrder("alice", 1, new OrderLine(PRODUCT, -2)));
            refused.add(engine.placeOrder("alice", 1, one, new OrderLine(PRODUCT, 0)));
            refused.add(engine.placeOrder("alice", 1, one, null));
            refused.add(engine.createProduct(2, 0));
            refused.add(engine.createProduct(2, -5));
            refused.add(engine.createProduct(2, Long.MIN_VALUE));
            refused.add(engine.restock(PRODUCT, 0));
            refused.add(engine.restock(PRODUCT, -1));
            refused.add(engine.cancelOrder(null, 1));
            refused.add(engine.cancelOrder("", 1));
            refused.add(engine.cancelOrder("x".repeat(Command.MAX_LOGIN_BYTES + 1), 1));
            for (int i = 0; i < refused.size(); i++)
            {
                assertTrue(refused.get(i).isDone(), "bad input " + i + " is refused at once");
                assertEquals(ResultCode.INVALID_ARGUMENT, await(refused.get(i)), "bad input " + i);
            }

            final long[] products = {PRODUCT, PRODUCT};
            final int[] quantities = {1, 1};
            assertEquals(ResultCode.INVALID_ARGUMENT,
                engine.submitPlaceOrder("alice", 1, products, quantities, 1, null, 0));
            assertEquals(ResultCode.INVALID_ARGUMENT,
                engine.submitPlaceOrder("alice", 1, products, quantities, 0, listener, 0));
            assertEquals(ResultCode.INVALID_ARGUMENT,
                engine.submitPlaceOrder("alice", 1, products, quantities, 3, listener, 0));
            assertEquals(ResultCode.INVALID_ARGUMENT,
                engine.submitPlaceOrder("alice", 1, new long[Command.MAX_LINES + 1],
                    new int[Command.MAX_LINES + 1], Command.MAX_LINES + 1, listener, 0));
            assertEquals(ResultCode.INVALID_ARGUMENT,
                engine.submitPlaceOrder("alice", 1, null, quantities, 1, listener, 0));
            assertEquals(ResultCode.INVALID_ARGUMENT,
                engine.submitPlaceOrder("alice", 1, products, null, 1, listener, 0));
            assertEquals(ResultCode.INVALID_ARGUMENT,
                engine.submitPlaceOrder("alice", 1, products, new int[] {1, 0}, 2, listener, 0));
            assertEquals(ResultCode.INVALID_ARGUMENT,
                engine.submitPlaceOrder("", 1, products, quantities, 1, listener, 0));
            assertEquals(ResultCode.INVALID_ARGUMENT,
                engine.submitPlaceOrder("alice", 1, products, quantities, 1, -1, listener, 0));
            assertEquals(ResultCode.INVALID_ARGUMENT, engine.submitCancelOrder("alice", 1, null, 0));
            assertEquals(ResultCode.INVALID_ARGUMENT, engine.submitCancelOrder(null, 1, listener, 0));

            assertEquals(ResultCode.CONFIRMED, await(engine.placeOrder("alice", 1, new OrderLine(PRODUCT, 3))));
            assertEquals(OrderState.CONFIRMED, engine.orderStatus("alice", 1).get(10, TimeUnit.SECONDS).state());
            final ProductView view = engine.productView(PRODUCT).get(10, TimeUnit.SECONDS);
            assertEquals(3, view.sold());
            assertEquals(400, view.available() + view.reserved() + view.sold() + view.inFlight());
            assertFalse(engine.productView(2).get(10, TimeUnit.SECONDS).known(), "no product 2 was created");
        }
        assertEquals(0, listenerCalls.get(), "a refused submit never calls its listener");

        final Map<CommandType, Integer> records = DataDirectoryFiles.countRecords(dir, PARTITIONS);
        assertEquals(PARTITIONS, records.getOrDefault(CommandType.CREATE_PRODUCT, 0), records::toString);
        assertEquals(1, records.getOrDefault(CommandType.PLACE_ORDER, 0), records::toString);
        assertEquals(0, records.getOrDefault(CommandType.RESTOCK, 0), records::toString);
        assertEquals(0, records.getOrDefault(CommandType.CANCEL_ORDER, 0), records::toString);
    }

    @Test
    void shouldThrowIllegalArgumentAtTheCallForBadQueryArgumentsNamingTheArgument() throws Exception
    {
        final NullPointerException noConfig = assertThrows(NullPointerException.class, () -> Archipelago.open(null));
        assertEquals("config", noConfig.getMessage());

        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(PARTITIONS).dataDirectory(dir).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            for (final String login : new String[] {null, "", "bad\uD800", "x".repeat(Command.MAX_LOGIN_BYTES + 1)})
            {
                final List<Executable> calls = List.of(() -> engine.partitionOf(login),
                    () -> engine.orderStatus(login, 1), () -> engine.scheduledDue(login, 1));
                for (int i = 0; i < calls.size(); i++)
                {
                    final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                        calls.get(i), "call " + i + " with login " + login);
                    assertTrue(refused.getMessage().startsWith("login "), refused.getMessage());
                }
            }
            for (final int partition : new int[] {-1, PARTITIONS, Integer.MIN_VALUE, Integer.MAX_VALUE})
            {
                final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> engine.productView(partition, PRODUCT));
                assertEquals("partition " + partition + " is not an island: the engine has " + PARTITIONS +
                    " islands (0.." + (PARTITIONS - 1) + ")", refused.getMessage());
            }
            assertEquals(engine.partitionOf("alice"), engine.orderStatus("alice", 1).get(10, TimeUnit.SECONDS)
                .partition());
            assertFalse(engine.productView(PARTITIONS - 1, PRODUCT).get(10, TimeUnit.SECONDS).known());
        }
    }

    @Test
    void shouldRefuseBadHoldAndTimerArgumentsWithInvalidArgumentAndJournalNothingOfThem() throws Exception
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(PARTITIONS).dataDirectory(dir).build();
        final OrderLine one = new OrderLine(PRODUCT, 1);
        final Duration hour = Duration.ofHours(1);
        final byte[] payload = new byte[8];
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(ResultCode.CREATED, await(engine.createProduct(PRODUCT, 40)));
            final List<CompletableFuture<ResultCode>> refused = new ArrayList<>();
            for (final String login : new String[] {null, "", "bad\uDC00"})
            {
                refused.add(engine.hold(login, 1, hour, one));
                refused.add(engine.confirmHold(login, 1));
                refused.add(engine.releaseHold(login, 1));
                refused.add(engine.schedule(login, 1, hour, payload));
                refused.add(engine.schedule(login, 1, Instant.now().plus(hour), payload));
                refused.add(engine.cancelSchedule(login, 1));
                refused.add(engine.cancelOrder(login, 1));
            }
            refused.add(engine.hold("ann", 1, null, one));
            refused.add(engine.hold("ann", 1, Duration.ZERO, one));
            refused.add(engine.hold("ann", 1, Duration.ofMillis(-1), one));
            refused.add(engine.hold("ann", 1, Duration.ofDays(367), one));
            refused.add(engine.hold("ann", 1, hour, (Duration)null, one));
            refused.add(engine.hold("ann", 1, hour, Duration.ofMillis(-1), one));
            refused.add(engine.hold("ann", 1, hour, (OrderLine[])null));
            refused.add(engine.hold("ann", 1, hour));
            refused.add(engine.hold("ann", 1, hour, one, null));
            refused.add(engine.hold("ann", 1, hour, new OrderLine(PRODUCT, 0)));
            refused.add(engine.hold("ann", 1, hour, new OrderLine(PRODUCT, -1)));
            refused.add(engine.schedule("ann", 1, (Instant)null, payload));
            refused.add(engine.schedule("ann", 1, Instant.EPOCH.minusMillis(1), payload));
            refused.add(engine.schedule("ann", 1, (Duration)null, payload));
            refused.add(engine.schedule("ann", 1, Duration.ofMillis(-1), payload));
            refused.add(engine.schedule("ann", 1, Duration.ofDays(367), payload));
            refused.add(engine.schedule("ann", 1, hour, null));
            refused.add(engine.schedule("ann", 1, hour, new byte[Command.MAX_PAYLOAD_BYTES + 1]));
            refused.add(engine.placeOrder("ann", 1, Duration.ofMillis(-1), one));
            refused.add(engine.placeOrder("ann", 1, Duration.ofMillis(Integer.MAX_VALUE + 1L), one));
            refused.add(engine.restock(PRODUCT, Command.MAX_UNITS + 1));
            refused.add(engine.createProduct(2, Command.MAX_UNITS + 1));
            for (int i = 0; i < refused.size(); i++)
            {
                assertTrue(refused.get(i).isDone(), "bad input " + i + " is refused at once");
                assertEquals(ResultCode.INVALID_ARGUMENT, await(refused.get(i)), "bad input " + i);
            }
            assertEquals(ResultCode.INVALID_ARGUMENT, engine.submitCancelOrder("bad\uDC00", 1,
                (correlationId, result) -> { }, 0));
        }
        final Map<CommandType, Integer> records = DataDirectoryFiles.countRecords(dir, PARTITIONS);
        for (final CommandType type : List.of(CommandType.PLACE_HOLD, CommandType.CONFIRM_HOLD,
            CommandType.RELEASE_HOLD, CommandType.SCHEDULE, CommandType.CANCEL_SCHEDULE, CommandType.CANCEL_ORDER,
            CommandType.PLACE_ORDER, CommandType.RESTOCK))
        {
            assertEquals(0, records.getOrDefault(type, 0), type + " in " + records);
        }
    }

    @Test
    void shouldTakeAnyIdNegativeAndZeroIncluded() throws Exception
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(PARTITIONS).dataDirectory(dir).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(ResultCode.CREATED, await(engine.createProduct(-7, 40)));
            assertEquals(ResultCode.CREATED, await(engine.createProduct(0, 40)));
            assertEquals(ResultCode.CREATED, await(engine.createProduct(Long.MIN_VALUE, 40)));
            assertEquals(ResultCode.RESTOCKED, await(engine.restock(-7, 4)));
            assertEquals(ResultCode.CONFIRMED, await(engine.placeOrder("alice", -1, new OrderLine(-7, 2),
                new OrderLine(0, 1), new OrderLine(Long.MIN_VALUE, 1))));
            assertEquals(ResultCode.CONFIRMED, await(engine.placeOrder("alice", 0, new OrderLine(-7, 1))));
            assertEquals(ResultCode.DUPLICATE_ORDER, await(engine.placeOrder("alice", -1, new OrderLine(-7, 1))));
            final OrderStatus status = engine.orderStatus("alice", -1).get(10, TimeUnit.SECONDS);
            assertEquals(OrderState.CONFIRMED, status.state());
            assertEquals(List.of(new OrderLine(-7, 2), new OrderLine(0, 1), new OrderLine(Long.MIN_VALUE, 1)),
                status.lines());
            assertEquals(OrderState.UNKNOWN, engine.orderStatus("alice", Long.MAX_VALUE).get(10, TimeUnit.SECONDS)
                .state());
            final ProductView view = engine.productView(-7).get(10, TimeUnit.SECONDS);
            assertEquals(44, view.created());
            assertEquals(3, view.sold());
            assertTrue(engine.productView(engine.partitionOf("alice"), 0).get(10, TimeUnit.SECONDS).known());
            assertEquals(ResultCode.CANCELLED, await(engine.cancelOrder("alice", -1)));
            assertEquals(ResultCode.UNKNOWN_ORDER, await(engine.cancelOrder("alice", Long.MIN_VALUE)));
            assertEquals(ResultCode.HELD, await(engine.hold("bob", Long.MIN_VALUE, Duration.ofHours(1),
                new OrderLine(0, 1))));
            assertEquals(ResultCode.RELEASED, await(engine.releaseHold("bob", Long.MIN_VALUE)));
            assertEquals(ResultCode.SCHEDULED, await(engine.schedule("bob", -3, Duration.ofDays(1), new byte[0])));
            assertTrue(engine.scheduledDue("bob", -3).get(10, TimeUnit.SECONDS) > 0);
            assertEquals(-1L, engine.scheduledDue("bob", 3).get(10, TimeUnit.SECONDS));
            assertEquals(ResultCode.SCHEDULE_CANCELLED, await(engine.cancelSchedule("bob", -3)));
            assertEquals(ResultCode.UNKNOWN_SCHEDULE, await(engine.cancelSchedule("bob", -3)));
            assertEquals(1, engine.productView(-7).get(10, TimeUnit.SECONDS).sold());
        }
    }

    @Test
    void shouldAnswerEveryMethodOfAClosedEngineAsDocumented() throws Exception
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(PARTITIONS).dataDirectory(dir).build();
        final Archipelago engine = Archipelago.open(config);
        assertEquals(ResultCode.CREATED, await(engine.createProduct(PRODUCT, 40)));
        assertEquals(ResultCode.CONFIRMED, await(engine.placeOrder("alice", 1, new OrderLine(PRODUCT, 1))));
        assertNull(engine.closeDigests(), "no digests recorded while running");
        final List<String> running = engine.digests();
        engine.close();
        engine.close();

        assertEquals(running, engine.closeDigests());
        assertEquals(running, engine.digests(), "the digests recorded at close");
        assertEquals(PARTITIONS, engine.partitions());
        assertEquals(config, engine.config());
        assertEquals(PARTITIONS, engine.recovery().size());
        assertEquals(PARTITIONS, engine.health().islands().size());
        assertTrue(engine.partitionOf("alice") >= 0);

        final OrderLine one = new OrderLine(PRODUCT, 1);
        final List<CompletableFuture<ResultCode>> commands = List.of(engine.createProduct(2, 1),
            engine.restock(PRODUCT, 1), engine.placeOrder("alice", 2, one), engine.placeOrder("alice", 2, List.of(one)),
            engine.placeOrder("alice", 2, Duration.ofSeconds(1), one), engine.cancelOrder("alice", 1),
            engine.hold("alice", 3, Duration.ofHours(1), one),
            engine.hold("alice", 3, Duration.ofHours(1), Duration.ofSeconds(1), one), engine.confirmHold("alice", 3),
            engine.releaseHold("alice", 3), engine.schedule("alice", 1, Duration.ofHours(1), new byte[1]),
            engine.schedule("alice", 1, Instant.now().plusSeconds(60), new byte[1]), engine.cancelSchedule("alice", 1));
        for (int i = 0; i < commands.size(); i++)
        {
            assertEquals(ResultCode.CLOSED, await(commands.get(i)), "command " + i);
        }
        final ResultListener never = (correlationId, result) -> fail("a refused submit never calls its listener");
        assertEquals(ResultCode.CLOSED, engine.submitPlaceOrder("alice", 2, new long[] {PRODUCT}, new int[] {1}, 1,
            never, 0));
        assertEquals(ResultCode.CLOSED, engine.submitPlaceOrder("alice", 2, new long[] {PRODUCT}, new int[] {1}, 1,
            1_000, never, 0));
        assertEquals(ResultCode.CLOSED, engine.submitCancelOrder("alice", 1, never, 0));
        assertEquals(ResultCode.INVALID_ARGUMENT, await(engine.placeOrder("", 2, one)),
            "arguments are checked before the engine's state");
        assertThrows(IllegalArgumentException.class, () -> engine.orderStatus(null, 1));

        final List<CompletableFuture<?>> queries = List.of(engine.orderStatus("alice", 1), engine.productView(PRODUCT),
            engine.productView(0, PRODUCT), engine.scheduledDue("alice", 1), engine.scheduledActivity(),
            engine.activity());
        for (int i = 0; i < queries.size(); i++)
        {
            final ExecutionException failed = assertThrows(ExecutionException.class,
                queries.get(i)::get, "query " + i);
            assertInstanceOf(IllegalStateException.class, failed.getCause(), "query " + i);
            assertEquals("engine is closed", failed.getCause().getMessage(), "query " + i);
        }
        assertEquals("engine is closed", assertThrows(IllegalStateException.class, engine::statistics).getMessage());
        assertEquals("engine is closed", assertThrows(IllegalStateException.class, engine::snapshot).getMessage());
    }

    @Test
    void shouldPlaceAnOrderWithItsOwnTimeoutAndRefuseABadOne() throws Exception
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(PARTITIONS).dataDirectory(dir).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(ResultCode.INVALID_ARGUMENT, engine.placeOrder("a", 1, Duration.ofMillis(-1),
                new OrderLine(1, 1)).get(10, TimeUnit.SECONDS));
            assertEquals(ResultCode.INVALID_ARGUMENT, engine.placeOrder("a", 1, (Duration)null, new OrderLine(1, 1))
                .get(10, TimeUnit.SECONDS));
            final long started = System.nanoTime();
            assertEquals(ResultCode.UNKNOWN_PRODUCT, engine.placeOrder("a", 2, Duration.ofMillis(300),
                new OrderLine(777, 1)).get(10, TimeUnit.SECONDS), "waited 300 ms for a product never created");
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "its own timeout, not the default");
            assertEquals(OrderState.REJECTED, engine.orderStatus("a", 2).get(10, TimeUnit.SECONDS).state());
        }
    }

    @Test
    void shouldAnswerStockOutcomesForKnownAndUnknownProductsThroughTheApi() throws Exception
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(PARTITIONS).dataDirectory(dir).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(ResultCode.CREATED, await(engine.createProduct(PRODUCT, 40)));
            assertEquals(ResultCode.ALREADY_EXISTS, await(engine.createProduct(PRODUCT, 40)));
            assertEquals(ResultCode.RESTOCKED, await(engine.restock(PRODUCT, 8)));
            assertEquals(ResultCode.UNKNOWN_PRODUCT, await(engine.restock(99, 8)));
            assertEquals(ResultCode.CONFIRMED, await(engine.placeOrder("alice", 1, new OrderLine(PRODUCT, 2))));
            assertEquals(ResultCode.DUPLICATE_ORDER, await(engine.placeOrder("alice", 1, new OrderLine(PRODUCT, 1))));
            assertEquals(ResultCode.CONFIRMED, await(engine.placeOrder("bob", 1, new OrderLine(PRODUCT, 1))));

            final ProductView view = engine.productView(PRODUCT).get(10, TimeUnit.SECONDS);
            assertEquals(48, view.created());
            assertEquals(3, view.sold());
            assertEquals(45, view.available());
            for (int p = 0; p < PARTITIONS; p++)
            {
                assertEquals(12, engine.productView(p, PRODUCT).get(10, TimeUnit.SECONDS).created(), "island " + p);
            }
            assertEquals(ResultCode.CANCELLED, await(engine.cancelOrder("alice", 1)));
            assertEquals(ResultCode.ORDER_ALREADY_TERMINAL, await(engine.cancelOrder("alice", 1)));
            assertEquals(ResultCode.UNKNOWN_ORDER, await(engine.cancelOrder("carol", 1)));
            assertEquals(OrderState.UNKNOWN, engine.orderStatus("carol", 1).get(10, TimeUnit.SECONDS).state());
            assertEquals(1, engine.productView(PRODUCT).get(10, TimeUnit.SECONDS).sold());
        }
    }
}
