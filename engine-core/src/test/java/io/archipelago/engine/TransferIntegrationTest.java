package io.archipelago.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.archipelago.engine.logic.LogicStatistics;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.OrderStatus;
import io.archipelago.engine.model.ProductView;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.ResultListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cross-island transfers with real island threads, real Chronicle journals and several client threads.
 */
class TransferIntegrationTest
{
    @TempDir
    Path dir;

    /**
     * Most orders come from six heavy buyers, so their islands sell out first and must get units from the others.
     */
    @ParameterizedTest
    @ValueSource(ints = {8, 16, 64})
    void shouldConserveStockWithMixedOrdersFromSeveralClientThreads(final int partitions) throws Exception
    {
        final int products = 6;
        final long unitsPerProduct = 3_000;
        final int threads = 4;
        final int ordersPerThread = 1_500;
        final ConcurrentHashMap<String, ResultCode> results = new ConcurrentHashMap<>();
        final List<String> closeDigests;
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(partitions).dataDirectory(dir)
            .ringSize(1024).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            for (long p = 1; p <= products; p++)
            {
                assertEquals(ResultCode.CREATED, engine.createProduct(p, unitsPerProduct).join());
            }
            final List<Thread> clients = new ArrayList<>();
            final List<CompletableFuture<ResultCode>> futures = java.util.Collections.synchronizedList(
                new ArrayList<>());
            for (int t = 0; t < threads; t++)
            {
                final int thread = t;
                clients.add(new Thread(() ->
                {
                    final Random random = new Random(thread);
                    for (int i = 0; i < ordersPerThread; i++)
                    {
                        final String login = random.nextInt(5) == 0 ? "user-" + random.nextInt(500) :
                            "heavy-" + random.nextInt(6);
                        final long orderId = (long)thread * ordersPerThread + i;
                        final int lines = random.nextInt(4) == 0 ? 2 + random.nextInt(2) : 1;
                        final OrderLine[] orderLines = new OrderLine[lines];
                        for (int l = 0; l < lines; l++)
                        {
                            orderLines[l] = new OrderLine(1 + random.nextInt(products), 1 + random.nextInt(4));
                        }
                        final CompletableFuture<ResultCode> future = engine.placeOrder(login, orderId, orderLines);
                        future.thenAccept(result -> results.put(login + "#" + orderId, result));
                        futures.add(future);
                    }
                }));
            }
            clients.forEach(Thread::start);
            for (final Thread client : clients)
            {
                client.join();
            }
            for (final CompletableFuture<ResultCode> future : futures)
            {
                final ResultCode result = future.get(30, TimeUnit.SECONDS);
                assertTrue(result == ResultCode.CONFIRMED || result == ResultCode.OUT_OF_STOCK, result::toString);
            }
            for (long p = 1; p <= products; p++)
            {
                final ProductView view = engine.productView(p).join();
                assertEquals(partitions, view.islands());
                assertEquals(unitsPerProduct, view.created());
                assertEquals(0, view.reserved(), "nothing held once every order is decided");
                assertEquals(view.created(), view.available() + view.reserved() + view.sold() + view.inFlight(),
                    "conservation of product " + p + ": " + view);
                assertTrue(view.available() >= 0 && view.inFlight() >= 0, view::toString);
            }
            final LogicStatistics statistics = engine.statistics();
            assertEquals((long)threads * ordersPerThread, statistics.ordersPlaced());
            assertEquals(statistics.ordersPlaced(), statistics.ordersConfirmed() + statistics.ordersRejected());
            assertTrue(statistics.grantsReceived() > 0, () -> "orders needed transfers: " + statistics.requestsSent() +
                " requests, " + statistics.denialsReceived() + " denials, " + statistics.ordersNeededTransfer() +
                " orders waited, " + statistics.ordersRejected() + " rejected");
            for (final var entry : results.entrySet())
            {
                final String[] parts = entry.getKey().split("#");
                final OrderStatus status = engine.orderStatus(parts[0], Long.parseLong(parts[1])).join();
                assertEquals(entry.getValue() == ResultCode.CONFIRMED ? OrderState.CONFIRMED : OrderState.REJECTED,
                    status.state(), entry.getKey());
            }
            engine.close();
            closeDigests = engine.closeDigests();
        }
        try (Archipelago reopened = Archipelago.open(config))
        {
            assertEquals(closeDigests, reopened.digests(), "replay reaches the digests recorded at close");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 64})
    void shouldSellExactlyTheUnitsThatExistWhenStockIsScarce(final int partitions) throws Exception
    {
        final long units = 3L * partitions / 2 + 1;
        final int orders = (int)units * 3;
        try (Archipelago engine = Archipelago.open(ArchipelagoConfig.builder().partitions(partitions)
            .dataDirectory(dir).ringSize(1024).build()))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(7, units).join());
            final AtomicLong confirmed = new AtomicLong();
            final AtomicLong rejected = new AtomicLong();
            final CountDownLatch decided = new CountDownLatch(orders);
            final ResultListener listener = (correlation, result) ->
            {
                if (result == ResultCode.CONFIRMED)
                {
                    confirmed.incrementAndGet();
                }
                else if (result == ResultCode.OUT_OF_STOCK)
                {
                    rejected.incrementAndGet();
                }
                decided.countDown();
            };
            final long[] productIds = {7};
            final int[] quantities = {1};
            for (int i = 0; i < orders; i++)
            {
                assertEquals(ResultCode.ACCEPTED, engine.submitPlaceOrder("buyer-" + i, i, productIds, quantities,
                    1, listener, i));
            }
            assertTrue(decided.await(30, TimeUnit.SECONDS), "every order decided");
            assertEquals(units, confirmed.get(), "exactly the units that exist are sold");
            assertEquals(orders - units, rejected.get());
            final ProductView view = engine.productView(7).join();
            assertEquals(units, view.sold());
            assertEquals(0, view.available() + view.reserved() + view.inFlight(), view::toString);
            final LogicStatistics statistics = engine.statistics();
            System.out.printf("scarce stock, %d islands: %d units, %d orders, %d requests, %d grants, %d denials, "
                + "%.2f transfers per confirmed order%n", partitions, units, orders, statistics.requestsSent(),
                statistics.grantsReceived(), statistics.denialsReceived(),
                (double)statistics.grantsReceived() / confirmed.get());
        }
    }

    @Test
    void shouldWaitForAProductThatReachesTheIslandLaterAndRejectItAfterTheDeadline() throws Exception
    {
        try (Archipelago engine = Archipelago.open(ArchipelagoConfig.builder().partitions(4).dataDirectory(dir)
            .ringSize(256).build()))
        {
            final CompletableFuture<ResultCode> early = new CompletableFuture<>();
            assertEquals(ResultCode.ACCEPTED, engine.submitPlaceOrder("early", 1, new long[]{99}, new int[]{1}, 1,
                5_000, (c, r) -> early.complete(r), 0));
            Thread.sleep(50);
            assertTrue(!early.isDone(), "waits for the product");
            assertEquals(ResultCode.CREATED, engine.createProduct(99, 40).join());
            assertEquals(ResultCode.CONFIRMED, early.get(10, TimeUnit.SECONDS));

            final CompletableFuture<ResultCode> never = new CompletableFuture<>();
            assertEquals(ResultCode.ACCEPTED, engine.submitPlaceOrder("late", 2, new long[]{12345}, new int[]{1}, 1,
                100, (c, r) -> never.complete(r), 0));
            assertEquals(ResultCode.UNKNOWN_PRODUCT, never.get(10, TimeUnit.SECONDS));
        }
    }
}
