package io.archipelago.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.OrderStatus;
import io.archipelago.engine.model.ResultCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchipelagoPendingOrderTest
{
    private static final long PRODUCT = 9;
    private static final long[] ONE_PRODUCT = {PRODUCT};
    private static final int[] ONE_UNIT = {1};

    @TempDir
    Path dir;

    private ArchipelagoConfig config()
    {
        return ArchipelagoConfig.builder().partitions(1).dataDirectory(dir).closeTimeout(Duration.ofMillis(300))
            .build();
    }

    @Test
    void shouldRejectOrderForUnknownProductWhenItsTimeoutPasses() throws Exception
    {
        try (Archipelago engine = Archipelago.open(config()))
        {
            final CompletableFuture<ResultCode> result = new CompletableFuture<>();
            final long start = System.nanoTime();
            assertEquals(ResultCode.ACCEPTED, engine.submitPlaceOrder("alice", 1, ONE_PRODUCT, ONE_UNIT, 1, 200,
                (correlationId, code) -> result.complete(code), 0));

            assertEquals(OrderState.PENDING, engine.orderStatus("alice", 1).get(10, TimeUnit.SECONDS).state());
            assertEquals(ResultCode.UNKNOWN_PRODUCT, result.get(10, TimeUnit.SECONDS));
            final long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waitedMillis >= 190, "rejected after its timeout, not before: " + waitedMillis + " ms");
            final OrderStatus status = engine.orderStatus("alice", 1).get(10, TimeUnit.SECONDS);
            assertEquals(OrderState.REJECTED, status.state());
            assertEquals(ResultCode.UNKNOWN_PRODUCT, status.reason());
        }
    }

    @Test
    void shouldConfirmWaitingOrderOnceItsProductIsCreated() throws Exception
    {
        try (Archipelago engine = Archipelago.open(config()))
        {
            final CompletableFuture<ResultCode> result = new CompletableFuture<>();
            assertEquals(ResultCode.ACCEPTED, engine.submitPlaceOrder("alice", 1, ONE_PRODUCT, ONE_UNIT, 1, 60_000,
                (correlationId, code) -> result.complete(code), 0));
            assertEquals(OrderState.PENDING, engine.orderStatus("alice", 1).get(10, TimeUnit.SECONDS).state());
            assertFalse(result.isDone());

            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 5).get(10, TimeUnit.SECONDS));

            assertEquals(ResultCode.CONFIRMED, result.get(10, TimeUnit.SECONDS));
            assertEquals(1, engine.productView(PRODUCT).get(10, TimeUnit.SECONDS).sold());
        }
    }

    @Test
    void shouldCancelWaitingOrderAndTellBothClients() throws Exception
    {
        try (Archipelago engine = Archipelago.open(config()))
        {
            final CompletableFuture<ResultCode> placed = new CompletableFuture<>();
            assertEquals(ResultCode.ACCEPTED, engine.submitPlaceOrder("alice", 1, ONE_PRODUCT, ONE_UNIT, 1, 60_000,
                (correlationId, code) -> placed.complete(code), 0));

            assertEquals(ResultCode.CANCELLED, engine.cancelOrder("alice", 1).get(10, TimeUnit.SECONDS));

            assertEquals(ResultCode.CANCELLED, placed.get(10, TimeUnit.SECONDS));
            assertEquals(OrderState.CANCELLED, engine.orderStatus("alice", 1).get(10, TimeUnit.SECONDS).state());
        }
    }

    @Test
    void shouldTellWaitingClientAtCloseThatTheOrderIsPendingAndDecideItAfterReopening() throws Exception
    {
        final CompletableFuture<ResultCode> placed = new CompletableFuture<>();
        try (Archipelago engine = Archipelago.open(config()))
        {
            assertEquals(ResultCode.ACCEPTED, engine.submitPlaceOrder("alice", 1, ONE_PRODUCT, ONE_UNIT, 1, 60_000,
                (correlationId, code) -> placed.complete(code), 0));
            assertEquals(OrderState.PENDING, engine.orderStatus("alice", 1).get(10, TimeUnit.SECONDS).state());
        }
        assertEquals(ResultCode.PENDING_AT_CLOSE, placed.get(10, TimeUnit.SECONDS),
            "no client is left waiting at close, and it is told the order was not decided");

        try (Archipelago engine = Archipelago.open(config()))
        {
            assertEquals(OrderState.PENDING, engine.orderStatus("alice", 1).get(10, TimeUnit.SECONDS).state(),
                "the order itself survives the close");
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 5).get(10, TimeUnit.SECONDS));
            assertEquals(OrderState.CONFIRMED, engine.orderStatus("alice", 1).get(10, TimeUnit.SECONDS).state());
            assertEquals(1, engine.productView(PRODUCT).get(10, TimeUnit.SECONDS).sold());
        }
    }
}
