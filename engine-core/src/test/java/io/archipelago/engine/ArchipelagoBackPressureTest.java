package io.archipelago.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

class ArchipelagoBackPressureTest
{
    private static final int RING_SIZE = 64;
    private static final long PRODUCT = 1;
    private static final long[] ONE_LINE_PRODUCTS = {PRODUCT};
    private static final int[] ONE_LINE_QUANTITIES = {1};

    @TempDir
    Path dir;

    /**
     * Blocks the island thread inside the result of the first order it answers, until released.
     */
    private static final class BlockingListener implements ResultListener
    {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void onResult(final long correlationId, final ResultCode result)
        {
            entered.countDown();
            try
            {
                release.await(60, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Counts results per correlation id.
     */
    private static final class CountingListener implements ResultListener
    {
        final ConcurrentHashMap<Long, AtomicInteger> calls = new ConcurrentHashMap<>();
        final ConcurrentHashMap<Long, ResultCode> results = new ConcurrentHashMap<>();

        @Override
        public void onResult(final long correlationId, final ResultCode result)
        {
            calls.computeIfAbsent(correlationId, id -> new AtomicInteger()).incrementAndGet();
            results.put(correlationId, result);
        }
    }

    private static String loginOn(final Archipelago engine, final int partition, final String prefix)
    {
        for (int i = 0; ; i++)
        {
            final String login = prefix + i;
            if (engine.partitionOf(login) == partition)
            {
                return login;
            }
        }
    }

    private static void awaitCalls(final CountingListener counting, final long expected) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (counting.calls.size() < expected && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
    }

    private ArchipelagoConfig config(final int partitions, final Duration submitTimeout)
    {
        return ArchipelagoConfig.builder().partitions(partitions).dataDirectory(dir).ringSize(RING_SIZE)
            .submitTimeout(submitTimeout).build();
    }

    private static BlockingListener blockIsland(final Archipelago engine, final String login) throws Exception
    {
        final BlockingListener blocker = new BlockingListener();
        assertEquals(ResultCode.ACCEPTED, engine.submitPlaceOrder(login, -1, ONE_LINE_PRODUCTS, ONE_LINE_QUANTITIES,
            1, blocker, -1));
        assertTrue(blocker.entered.await(10, TimeUnit.SECONDS), "the island thread reached the blocking listener");
        return blocker;
    }

    @Test
    void shouldAnswerOverloadedWhenRingIsFullAndAnswerEveryAcceptedOrderOnceReleased() throws Exception
    {
        try (Archipelago engine = Archipelago.open(config(1, Duration.ZERO)))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 1_000_000).get(10, TimeUnit.SECONDS));
            final BlockingListener blocker = blockIsland(engine, "blocker");
            final CountingListener counting = new CountingListener();

            final List<Long> accepted = new ArrayList<>();
            int overloaded = 0;
            long slowestNanos = 0;
            for (long id = 0; id < 4 * RING_SIZE; id++)
            {
                final long start = System.nanoTime();
                final ResultCode submitted = engine.submitPlaceOrder("user-" + id % 7, id, ONE_LINE_PRODUCTS,
                    ONE_LINE_QUANTITIES, 1, counting, id);
                slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
                if (submitted == ResultCode.ACCEPTED)
                {
                    accepted.add(id);
                }
                else
                {
                    assertEquals(ResultCode.OVERLOADED, submitted);
                    overloaded++;
                }
            }
            assertTrue(overloaded > 0, "a full ring refuses");
            assertTrue(accepted.size() <= RING_SIZE, "at most a ring of orders accepted: " + accepted.size());
            assertTrue(accepted.size() >= RING_SIZE / 2, "the ring was used: " + accepted.size());
            assertTrue(slowestNanos < TimeUnit.SECONDS.toNanos(1), "no submit waited: " + slowestNanos + " ns");

            final CompletableFuture<ResultCode> viaFuture = engine.placeOrder("carol", 1, new OrderLine(PRODUCT, 1));
            assertTrue(viaFuture.isDone());
            assertEquals(ResultCode.OVERLOADED, viaFuture.get());
            assertEquals(ResultCode.OVERLOADED, engine.createProduct(2, 10).get());
            assertEquals(ResultCode.OVERLOADED, engine.cancelOrder("carol", 1).get());
            final ExecutionException queryError = assertThrows(ExecutionException.class,
                () -> engine.orderStatus("carol", 1).get(10, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, queryError.getCause());
            assertEquals(0, counting.calls.size(), "nothing answered while the island is blocked");

            blocker.release.countDown();
            awaitCalls(counting, accepted.size());
            engine.digests();
            assertEquals(accepted.size(), counting.calls.size(), "every accepted order answered");
            for (final long id : accepted)
            {
                assertEquals(1, counting.calls.get(id).get(), "order " + id + " answered once");
                assertEquals(ResultCode.CONFIRMED, counting.results.get(id));
            }
            final ProductView view = engine.productView(PRODUCT).get(10, TimeUnit.SECONDS);
            assertEquals(accepted.size() + 1, view.sold(), "accepted orders and the blocker, nothing else");
            assertFalse(engine.productView(2).get(10, TimeUnit.SECONDS).known());
            assertEquals(OrderState.UNKNOWN, engine.orderStatus("carol", 1).get(10, TimeUnit.SECONDS).state());
        }
    }

    @Test
    void shouldWaitUpToSubmitTimeoutForRoomBeforeAnsweringOverloaded() throws Exception
    {
        final long timeoutMillis = 150;
        try (Archipelago engine = Archipelago.open(config(1, Duration.ofMillis(timeoutMillis))))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 1_000_000).get(10, TimeUnit.SECONDS));
            final BlockingListener blocker = blockIsland(engine, "blocker");
            final CountingListener counting = new CountingListener();
            long id = 0;
            while (id < 2 * RING_SIZE && engine.submitPlaceOrder("u", id, ONE_LINE_PRODUCTS, ONE_LINE_QUANTITIES, 1,
                counting, id) == ResultCode.ACCEPTED)
            {
                id++;
            }

            final long start = System.nanoTime();
            final ResultCode submitted = engine.submitPlaceOrder("u", 10_000, ONE_LINE_PRODUCTS, ONE_LINE_QUANTITIES,
                1, counting, 10_000);
            final long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertEquals(ResultCode.OVERLOADED, submitted);
            assertTrue(waitedMillis >= timeoutMillis - 10, "waited for room: " + waitedMillis + " ms");
            assertTrue(waitedMillis < timeoutMillis + 5_000, "gave up in bounded time: " + waitedMillis + " ms");

            blocker.release.countDown();
        }
    }

    @Test
    void shouldAcceptSubmitThatFindsRoomWithinSubmitTimeout() throws Exception
    {
        try (Archipelago engine = Archipelago.open(config(1, Duration.ofSeconds(20))))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 1_000_000).get(10, TimeUnit.SECONDS));
            final BlockingListener blocker = blockIsland(engine, "blocker");
            final CountingListener counting = new CountingListener();
            final Thread releaser = new Thread(() ->
            {
                try
                {
                    Thread.sleep(300);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
                blocker.release.countDown();
            }, "releaser");
            releaser.start();

            for (long id = 0; id < 3 * RING_SIZE; id++)
            {
                assertEquals(ResultCode.ACCEPTED, engine.submitPlaceOrder("u", id, ONE_LINE_PRODUCTS,
                    ONE_LINE_QUANTITIES, 1, counting, id), "order " + id + " waits for room instead of failing");
            }
            releaser.join();
            engine.digests();
            assertEquals(3 * RING_SIZE, counting.calls.size());
        }
    }

    @Test
    void shouldCreateProductOnNoIslandWhenOneIslandIsOverloaded() throws Exception
    {
        try (Archipelago engine = Archipelago.open(config(2, Duration.ZERO)))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 1_000_000).get(10, TimeUnit.SECONDS));
            final String busy = loginOn(engine, 1, "busy-");
            final BlockingListener blocker = blockIsland(engine, busy);
            final CountingListener counting = new CountingListener();
            long id = 0;
            while (engine.submitPlaceOrder(busy, id, ONE_LINE_PRODUCTS, ONE_LINE_QUANTITIES, 1, counting, id) ==
                ResultCode.ACCEPTED)
            {
                id++;
            }

            assertEquals(ResultCode.OVERLOADED, engine.createProduct(2, 100).get(10, TimeUnit.SECONDS));
            assertEquals(ResultCode.OVERLOADED, engine.restock(PRODUCT, 100).get(10, TimeUnit.SECONDS));
            final String idle = loginOn(engine, 0, "idle-");
            assertEquals(ResultCode.CONFIRMED, engine.placeOrder(idle, 1, new OrderLine(PRODUCT, 1))
                .get(10, TimeUnit.SECONDS), "the other island keeps working");

            blocker.release.countDown();
            awaitCalls(counting, id);
            engine.digests();
            assertFalse(engine.productView(0, 2).get(10, TimeUnit.SECONDS).known(),
                "the refused creation did not reach island 0");
            assertFalse(engine.productView(2).get(10, TimeUnit.SECONDS).known());
            assertEquals(1_000_000, engine.productView(PRODUCT).get(10, TimeUnit.SECONDS).created(),
                "the refused restock reached no island");
            assertEquals(ResultCode.CREATED, engine.createProduct(2, 100).get(10, TimeUnit.SECONDS));
            assertEquals(id, counting.calls.size());
        }
    }

    @Test
    void shouldAnswerClosedOnceEngineIsClosed() throws Exception
    {
        final CountingListener counting = new CountingListener();
        final Archipelago engine = Archipelago.open(config(2, Duration.ofSeconds(1)));
        assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 10).get(10, TimeUnit.SECONDS));
        engine.close();

        assertEquals(2, engine.closeDigests().size());
        assertEquals(ResultCode.CLOSED, engine.placeOrder("alice", 1, new OrderLine(PRODUCT, 1)).get(1,
            TimeUnit.SECONDS));
        assertEquals(ResultCode.CLOSED, engine.cancelOrder("alice", 1).get(1, TimeUnit.SECONDS));
        assertEquals(ResultCode.CLOSED, engine.createProduct(3, 10).get(1, TimeUnit.SECONDS));
        assertEquals(ResultCode.CLOSED, engine.restock(PRODUCT, 10).get(1, TimeUnit.SECONDS));
        assertEquals(ResultCode.CLOSED, engine.submitPlaceOrder("alice", 2, ONE_LINE_PRODUCTS, ONE_LINE_QUANTITIES,
            1, counting, 2));
        assertEquals(ResultCode.CLOSED, engine.submitCancelOrder("alice", 2, counting, 3));
        final ExecutionException statusError = assertThrows(ExecutionException.class,
            () -> engine.orderStatus("alice", 1).get(1, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, statusError.getCause());
        assertThrows(ExecutionException.class, () -> engine.productView(PRODUCT).get(1, TimeUnit.SECONDS));
        assertEquals(engine.closeDigests(), engine.digests(), "digests of a closed engine are those taken at close");

        final List<String> digests = engine.closeDigests();
        engine.close();
        assertEquals(digests, engine.closeDigests(), "closing again changes nothing");
        assertEquals(0, counting.calls.size());
    }

    @Test
    void shouldCompleteEveryFutureAndJournalExactlyTheAnsweredOrdersWhenClosedWhileClientsSubmit()
        throws Exception
    {
        final int partitions = 4;
        final int clients = 3;
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(partitions).dataDirectory(dir)
            .ringSize(256).build();
        final List<List<CompletableFuture<ResultCode>>> futures = new ArrayList<>();
        final List<List<String>> logins = new ArrayList<>();
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 1_000_000_000L).get(10, TimeUnit.SECONDS));
            final CountDownLatch running = new CountDownLatch(clients);
            final List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++)
            {
                final List<CompletableFuture<ResultCode>> own = new ArrayList<>();
                final List<String> ownLogins = new ArrayList<>();
                futures.add(own);
                logins.add(ownLogins);
                final int client = c;
                final Thread thread = new Thread(() ->
                {
                    for (int i = 0; ; i++)
                    {
                        final String login = "closing-" + client + "-" + i % 50;
                        ownLogins.add(login);
                        final CompletableFuture<ResultCode> future = engine.placeOrder(login, i,
                            new OrderLine(PRODUCT, 1));
                        own.add(future);
                        if (i == 200)
                        {
                            running.countDown();
                        }
                        if (future.isDone() && future.getNow(null) == ResultCode.CLOSED)
                        {
                            return;
                        }
                    }
                }, "closing-client-" + c);
                threads.add(thread);
                thread.start();
            }
            assertTrue(running.await(30, TimeUnit.SECONDS));
            engine.close();
            for (final Thread thread : threads)
            {
                thread.join(30_000);
                assertFalse(thread.isAlive());
            }
        }

        int answered = 0;
        final List<String> confirmedLogins = new ArrayList<>();
        final List<Integer> confirmedIds = new ArrayList<>();
        for (int c = 0; c < clients; c++)
        {
            for (int i = 0; i < futures.get(c).size(); i++)
            {
                final ResultCode result = futures.get(c).get(i).get(30, TimeUnit.SECONDS);
                if (result == ResultCode.CONFIRMED)
                {
                    answered++;
                    confirmedLogins.add(logins.get(c).get(i));
                    confirmedIds.add(i);
                }
                else
                {
                    assertEquals(ResultCode.CLOSED, result, "client " + c + " order " + i);
                }
            }
        }
        assertTrue(answered > 0);
        assertEquals(answered, DataDirectoryFiles.countRecords(dir, partitions)
            .getOrDefault(CommandType.PLACE_ORDER, 0),
            "every answered order, and no refused one, is in the journals");
        try (Archipelago reopened = Archipelago.open(config))
        {
            assertEquals(answered, reopened.productView(PRODUCT).get(10, TimeUnit.SECONDS).sold());
            for (int k = 0; k < confirmedIds.size(); k += Math.max(1, confirmedIds.size() / 200))
            {
                assertEquals(OrderState.CONFIRMED, reopened.orderStatus(confirmedLogins.get(k), confirmedIds.get(k))
                    .get(10, TimeUnit.SECONDS).state());
            }
        }
    }
}
