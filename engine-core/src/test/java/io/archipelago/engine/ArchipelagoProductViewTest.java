package io.archipelago.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.archipelago.engine.model.Activity;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.ProductView;
import io.archipelago.engine.model.ResultCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one island's {@link ProductView} means while units move between islands, read through the API from a second
 * thread as a client would: each island's share, what it holds, and its net transfers out always add up to its
 * share, {@code inFlight} is negative on the island that received units, and once everything has arrived the sum over
 * the islands conserves the units exactly with nothing in flight.
 */
class ArchipelagoProductViewTest
{
    private static final int ISLANDS = 4;
    private static final long PRODUCT = 3;
    private static final long UNITS = 400;
    private static final int ORDERS = 30;
    private static final int QUANTITY = 10;

    @TempDir
    Path dir;

    @Test
    void shouldKeepEachIslandsRelationWhileUnitsMoveAndConserveTheSumOnceQuiet() throws Exception
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(ISLANDS).islandThreads(2)
            .dataDirectory(dir).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, UNITS).get(10, TimeUnit.SECONDS));
            final long[] shares = new long[ISLANDS];
            long sharesSum = 0;
            for (int island = 0; island < ISLANDS; island++)
            {
                shares[island] = view(engine, island).created();
                sharesSum += shares[island];
            }
            assertEquals(UNITS, sharesSum, "the shares add up to the units created");
            final List<String> buyers = usersOf(engine, 0, ORDERS);
            assertTrue(ORDERS * QUANTITY > shares[0], "island 0 must receive units from the others");
            final String holder = usersOf(engine, 1, 1).get(0);
            assertEquals(ResultCode.HELD, engine.hold(holder, 1, Duration.ofHours(1), new OrderLine(PRODUCT, 5))
                .get(10, TimeUnit.SECONDS));

            final List<String> violations = Collections.synchronizedList(new ArrayList<>());
            final AtomicBoolean ordering = new AtomicBoolean(true);
            final AtomicLong reads = new AtomicLong();
            final AtomicLong lowestInFlight = new AtomicLong();
            final Set<Long> island0InFlight = ConcurrentHashMap.newKeySet();
            final Thread reader = new Thread(() ->
            {
                while (ordering.get() && violations.isEmpty())
                {
                    for (int island = 0; island < ISLANDS; island++)
                    {
                        final ProductView view = view(engine, island);
                        reads.incrementAndGet();
                        lowestInFlight.accumulateAndGet(view.inFlight(), Math::min);
                        if (island == 0)
                        {
                            island0InFlight.add(view.inFlight());
                        }
                        final String broken = brokenRelation(view, shares[island]);
                        if (null != broken)
                        {
                            violations.add("island " + island + ": " + broken);
                        }
                    }
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
                }
            }, "product-view-reader");
            reader.start();

            long confirmed = 0;
            for (int i = 0; i < ORDERS; i++)
            {
                final CompletableFuture<ResultCode> result = engine.placeOrder(buyers.get(i), 1,
                    Duration.ofSeconds(10), new OrderLine(PRODUCT, QUANTITY));
                confirmed += result.get(30, TimeUnit.SECONDS) == ResultCode.CONFIRMED ? 1 : 0;
            }
            assertEquals(ResultCode.CANCELLED, engine.cancelOrder(buyers.get(0), 1).get(10, TimeUnit.SECONDS));
            ordering.set(false);
            reader.join(TimeUnit.SECONDS.toMillis(30));
            assertEquals(List.of(), violations);
            assertTrue(reads.get() >= ISLANDS, "the reader read every island while orders moved units");
            assertTrue(island0InFlight.size() >= 2, "island 0 read before and after units arrived: " +
                island0InFlight + " in " + reads + " reads");
            assertTrue(confirmed * QUANTITY > shares[0], "island 0 sold more than its share: " + confirmed);

            awaitQuiet(engine);
            ProductView sum = ProductView.unknown(PRODUCT);
            for (int island = 0; island < ISLANDS; island++)
            {
                final ProductView view = view(engine, island);
                assertNull(brokenRelation(view, shares[island]), "island " + island);
                sum = sum.plus(view);
            }
            final ProductView island0 = view(engine, 0);
            assertTrue(island0.inFlight() < 0, "island 0 received more than it gave: " + island0);
            assertTrue(island0.available() + island0.reserved() + island0.held() + island0.sold() > island0.created(),
                "island 0 holds and sold more than its share: " + island0);
            assertTrue(lowestInFlight.get() < 0, "the reader saw a net receiver while units moved");

            final ProductView whole = engine.productView(PRODUCT).get(10, TimeUnit.SECONDS);
            assertEquals(sum, whole, "the engine's view is the sum of the islands' views");
            assertEquals(ISLANDS, whole.islands());
            assertEquals(UNITS, whole.created());
            assertEquals(0, whole.inFlight(), "nothing in flight once quiet: " + whole);
            assertEquals(UNITS, whole.available() + whole.reserved() + whole.held() + whole.sold(), whole::toString);
            assertEquals((confirmed - 1) * QUANTITY, whole.sold(), "one confirmed order was cancelled");
            assertEquals(5, whole.held());
            assertEquals(0, whole.reserved());
        }
    }

    /**
     * @return what breaks the documented relation of one island's view, or {@code null}.
     */
    private static String brokenRelation(final ProductView view, final long share)
    {
        if (!view.known() || view.islands() != 1 || view.created() != share)
        {
            return "not the island's share " + share + ": " + view;
        }
        if (view.available() < 0 || view.reserved() < 0 || view.held() < 0 || view.sold() < 0)
        {
            return "a negative count: " + view;
        }
        if (view.available() + view.reserved() + view.held() + view.sold() + view.inFlight() != view.created())
        {
            return "available + reserved + held + sold + inFlight != created: " + view;
        }
        return null;
    }

    private static ProductView view(final Archipelago engine, final int island)
    {
        return engine.productView(island, PRODUCT).join();
    }

    private static List<String> usersOf(final Archipelago engine, final int island, final int count)
    {
        final List<String> users = new ArrayList<>(count);
        for (int i = 0; users.size() < count; i++)
        {
            if (engine.partitionOf("user-" + island + "-" + i) == island)
            {
                users.add("user-" + island + "-" + i);
            }
        }
        return users;
    }

    private static void awaitQuiet(final Archipelago engine) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true)
        {
            final Activity activity = engine.activity().get(10, TimeUnit.SECONDS);
            final ProductView whole = engine.productView(PRODUCT).get(10, TimeUnit.SECONDS);
            if (activity.pendingOrders() == 0 && activity.activeSearches() == 0 && whole.inFlight() == 0 &&
                activity.unitsSent() == activity.unitsReceived())
            {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "not quiet in 20 s: " + activity + " " + whole);
            Thread.sleep(10);
        }
    }
}
