package io.archipelago.engine;

import java.nio.file.Path;
import java.time.Duration;
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
import io.archipelago.engine.model.ProductView;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.ResultListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

            final ExecutionException statusError = assertThrows(ExecutionException.class,
                () -> engine.orderStatus("", 1).get(10, TimeUnit.SECONDS));
            assertInstanceOf(IllegalArgumentException.class, statusError.getCause());

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
    void shouldAnswerBadQueryArgumentsWithDocumentedExceptions() throws Exception
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(PARTITIONS).dataDirectory(dir).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            final IllegalArgumentException noLogin = assertThrows(IllegalArgumentException.class,
                () -> engine.partitionOf(null));
            assertTrue(noLogin.getMessage().contains("login"), noLogin.getMessage());
            final ExecutionException status = assertThrows(ExecutionException.class,
                () -> engine.orderStatus(null, 1).get());
            assertTrue(status.getCause() instanceof IllegalArgumentException, status.toString());
            for (final int island : new int[] {-1, PARTITIONS})
            {
                final ExecutionException view = assertThrows(ExecutionException.class,
                    () -> engine.productView(island, 1).get());
                assertTrue(view.getCause() instanceof IllegalArgumentException &&
                    view.getCause().getMessage().startsWith("island " + island + " does not exist"), view.toString());
            }
        }
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
