package io.archipelago.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.OrderStatus;
import io.archipelago.engine.model.ProductView;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.ResultListener;
import io.archipelago.engine.model.TransferPolicy;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchipelagoConcurrentClientsTest
{
    private static final int PARTITIONS = 8;
    private static final int THREADS = 4;
    private static final int ORDERS_PER_THREAD = 5_000;
    private static final int ORDERS = THREADS * ORDERS_PER_THREAD;
    private static final int PRODUCTS = 10;
    private static final long UNITS_PER_PRODUCT = 2_500;
    private static final int ORDER_TIMEOUT_MILLIS = 300;

    @TempDir
    Path dir;

    private final String[] logins = new String[ORDERS];
    private final long[][] lineProducts = new long[ORDERS][];
    private final int[][] lineQuantities = new int[ORDERS][];
    private final AtomicReferenceArray<ResultCode> results = new AtomicReferenceArray<>(ORDERS);
    private final AtomicIntegerArray resultCalls = new AtomicIntegerArray(ORDERS);

    private void prepareOrders()
    {
        final Random random = new Random(2024);
        for (int i = 0; i < ORDERS; i++)
        {
            final int thread = i / ORDERS_PER_THREAD;
            logins[i] = "client-" + thread + "-user-" + random.nextInt(400);
            final int lines = 1 + random.nextInt(3);
            lineProducts[i] = new long[lines];
            lineQuantities[i] = new int[lines];
            for (int l = 0; l < lines; l++)
            {
                lineProducts[i][l] = 1 + random.nextInt(PRODUCTS);
                lineQuantities[i][l] = 1 + random.nextInt(2);
            }
        }
    }

    private void runClient(final Archipelago engine, final int thread, final List<CompletableFuture<ResultCode>> futures)
    {
        final ResultListener listener = (correlationId, result) ->
        {
            resultCalls.incrementAndGet((int)correlationId);
            results.set((int)correlationId, result);
        };
        for (int i = thread * ORDERS_PER_THREAD; i < (thread + 1) * ORDERS_PER_THREAD; i++)
        {
            if ((i & 1) == 0)
            {
                final OrderLine[] lines = new OrderLine[lineProducts[i].length];
                for (int l = 0; l < lines.length; l++)
                {
                    lines[l] = new OrderLine(lineProducts[i][l], lineQuantities[i][l]);
                }
                final int index = i;
                futures.add(engine.placeOrder(logins[i], i, lines).whenComplete((result, error) ->
                {
                    resultCalls.incrementAndGet(index);
                    results.set(index, result);
                }));
            }
            else
            {
                final ResultCode submitted = engine.submitPlaceOrder(logins[i], i, lineProducts[i],
                    lineQuantities[i], lineProducts[i].length, listener, i);
                assertEquals(ResultCode.ACCEPTED, submitted, "order " + i);
            }
        }
    }

    /**
     * @param islandThreads 1: every island on one thread; 3: uneven groups of islands per thread; 8: a thread each.
     */
    @ParameterizedTest(name = "islandThreads={0}")
    @ValueSource(ints = {1, 3, PARTITIONS})
    void shouldDecideEveryOrderOnceAndAccountForEveryUnitWithConcurrentClients(final int islandThreads)
        throws Exception
    {
        prepareOrders();
        final TransferPolicy quickDeadlines = new TransferPolicy(TransferPolicy.DEFAULT.strategy(),
            TransferPolicy.DEFAULT.transferTimeoutMillis(), TransferPolicy.DEFAULT.retryInitialMillis(),
            TransferPolicy.DEFAULT.retryMaxMillis(), ORDER_TIMEOUT_MILLIS);
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(PARTITIONS).dataDirectory(dir)
            .islandThreads(islandThreads).ringSize(1024).transferPolicy(quickDeadlines).closeTimeout(Duration.ofSeconds(2)).build();
        final List<String> digestsAtClose;
        try (Archipelago engine = Archipelago.open(config))
        {
            for (long p = 1; p <= PRODUCTS; p++)
            {
                assertEquals(ResultCode.CREATED, engine.createProduct(p, UNITS_PER_PRODUCT).get(10, TimeUnit.SECONDS));
            }

            final List<List<CompletableFuture<ResultCode>>> futures = new ArrayList<>();
            final List<Thread> clients = new ArrayList<>();
            final List<Throwable> clientErrors = new ArrayList<>();
            final CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < THREADS; t++)
            {
                final List<CompletableFuture<ResultCode>> own = new ArrayList<>();
                futures.add(own);
                final int thread = t;
                final Thread client = new Thread(() ->
                {
                    try
                    {
                        start.await();
                        runClient(engine, thread, own);
                    }
                    catch (final Throwable ex)
                    {
                        synchronized (clientErrors)
                        {
                            clientErrors.add(ex);
                        }
                    }
                }, "client-" + t);
                clients.add(client);
                client.start();
            }
            start.countDown();
            for (final Thread client : clients)
            {
                client.join(60_000);
                assertTrue(!client.isAlive(), client.getName() + " finished submitting");
            }
            assertTrue(clientErrors.isEmpty(), () -> "client errors: " + clientErrors);
            for (final List<CompletableFuture<ResultCode>> own : futures)
            {
                for (final CompletableFuture<ResultCode> future : own)
                {
                    assertNotNull(future.get(30, TimeUnit.SECONDS));
                }
            }
            awaitAllResults();

            final long[] confirmedUnits = new long[PRODUCTS + 1];
            int confirmed = 0;
            for (int i = 0; i < ORDERS; i++)
            {
                assertEquals(1, resultCalls.get(i), "order " + i + " answered exactly once");
                final ResultCode result = results.get(i);
                assertTrue(result == ResultCode.CONFIRMED || result == ResultCode.OUT_OF_STOCK ||
                    result == ResultCode.DEADLINE_PASSED, "order " + i + " got " + result);
                if (result == ResultCode.CONFIRMED)
                {
                    confirmed++;
                    for (int l = 0; l < lineProducts[i].length; l++)
                    {
                        confirmedUnits[(int)lineProducts[i][l]] += lineQuantities[i][l];
                    }
                }
            }
            assertTrue(confirmed > ORDERS / 10, "many orders confirmed: " + confirmed);
            assertTrue(confirmed < ORDERS, "stock ran short for some orders: " + confirmed);

            for (long p = 1; p <= PRODUCTS; p++)
            {
                final ProductView view = conservedView(engine, p);
                assertTrue(view.known());
                assertEquals(PARTITIONS, view.islands());
                assertEquals(confirmedUnits[(int)p], view.sold(), "sold units of product " + p);
                assertEquals(0, view.reserved(), "nothing held once every order is decided");
                assertTrue(view.available() >= 0);
            }

            assertStatusesMatchResults(engine);
            cancelSomeConfirmedOrders(engine, confirmedUnits);

            engine.close();
            digestsAtClose = engine.closeDigests();
        }
        try (Archipelago reopened = Archipelago.open(config))
        {
            assertEquals(digestsAtClose, reopened.digests());
        }
    }

    /**
     * A product's view summed over the islands, taken again while a transfer between two islands makes the islands'
     * views disagree (each island is read at a slightly different moment).
     */
    private static ProductView conservedView(final Archipelago engine, final long productId) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true)
        {
            final ProductView view = engine.productView(productId).get(10, TimeUnit.SECONDS);
            final long accounted = view.available() + view.reserved() + view.sold() + view.inFlight();
            if (accounted == UNITS_PER_PRODUCT)
            {
                return view;
            }
            assertTrue(System.nanoTime() < deadline, "units of product " + productId + " are conserved: " + view);
            Thread.sleep(5);
        }
    }

    private void awaitAllResults() throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int i = 0; i < ORDERS; i++)
        {
            while (null == results.get(i))
            {
                assertTrue(System.nanoTime() < deadline, "order " + i + " was never answered");
                Thread.sleep(1);
            }
        }
    }

    private void assertStatusesMatchResults(final Archipelago engine) throws Exception
    {
        final List<CompletableFuture<OrderStatus>> statuses = new ArrayList<>(ORDERS);
        for (int i = 0; i < ORDERS; i++)
        {
            statuses.add(engine.orderStatus(logins[i], i));
        }
        for (int i = 0; i < ORDERS; i++)
        {
            final OrderStatus status = statuses.get(i).get(10, TimeUnit.SECONDS);
            final ResultCode result = results.get(i);
            assertEquals(logins[i], status.login());
            assertEquals(i, status.orderId());
            assertEquals(engine.partitionOf(logins[i]), status.partition());
            if (result == ResultCode.CONFIRMED)
            {
                assertEquals(OrderState.CONFIRMED, status.state(), "order " + i);
                assertEquals(null, status.reason());
            }
            else
            {
                assertEquals(OrderState.REJECTED, status.state(), "order " + i);
                assertEquals(result, status.reason(), "order " + i);
            }
            assertEquals(lineProducts[i].length, status.lines().size());
            for (int l = 0; l < lineProducts[i].length; l++)
            {
                assertEquals(new OrderLine(lineProducts[i][l], lineQuantities[i][l]), status.lines().get(l));
            }
        }
    }

    private void cancelSomeConfirmedOrders(final Archipelago engine, final long[] confirmedUnits) throws Exception
    {
        final List<ProductView> before = new ArrayList<>();
        for (long p = 1; p <= PRODUCTS; p++)
        {
            before.add(conservedView(engine, p));
        }
        final long[] returned = new long[PRODUCTS + 1];
        final List<Integer> cancelled = new ArrayList<>();
        final List<CompletableFuture<ResultCode>> answers = new ArrayList<>();
        for (int i = 0; i < ORDERS && cancelled.size() < 300; i++)
        {
            if (results.get(i) == ResultCode.CONFIRMED)
            {
                cancelled.add(i);
                answers.add(engine.cancelOrder(logins[i], i));
                for (int l = 0; l < lineProducts[i].length; l++)
                {
                    returned[(int)lineProducts[i][l]] += lineQuantities[i][l];
                }
            }
        }
        for (final CompletableFuture<ResultCode> answer : answers)
        {
            assertEquals(ResultCode.CANCELLED, answer.get(10, TimeUnit.SECONDS));
        }
        for (long p = 1; p <= PRODUCTS; p++)
        {
            final ProductView after = conservedView(engine, p);
            final ProductView was = before.get((int)p - 1);
            assertEquals(confirmedUnits[(int)p] - returned[(int)p], after.sold(), "sold of product " + p);
            assertEquals(was.available() + was.inFlight() + returned[(int)p], after.available() + after.inFlight(),
                "cancelled units of product " + p + " are available again");
        }
        for (final int i : cancelled)
        {
            assertEquals(OrderState.CANCELLED, engine.orderStatus(logins[i], i).get(10, TimeUnit.SECONDS).state());
        }
        final int again = cancelled.get(0);
        assertEquals(ResultCode.ORDER_ALREADY_TERMINAL, engine.cancelOrder(logins[again], again).get(10,
            TimeUnit.SECONDS));
        for (int i = 0; i < ORDERS; i++)
        {
            if (results.get(i) != ResultCode.CONFIRMED)
            {
                assertEquals(ResultCode.ORDER_ALREADY_TERMINAL, engine.cancelOrder(logins[i], i).get(10,
                    TimeUnit.SECONDS), "a rejected order cannot be cancelled");
                break;
            }
        }
        assertEquals(ResultCode.UNKNOWN_ORDER, engine.cancelOrder("client-0-user-1", -1).get(10, TimeUnit.SECONDS));
    }
}
