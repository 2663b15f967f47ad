package io.archipelago.perf.baseline;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntToLongFunction;

import io.archipelago.perf.bench.OrderService;
import io.archipelago.perf.bench.Workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Records every outcome a service reports, and the checks the baseline tests share: exactly once, conservation of
 * units, agreement with a sequential all-or-nothing reference.
 */
final class Completions implements OrderService.CompletionSink
{
    private final Workload workload;
    private final AtomicIntegerArray calls;
    private final AtomicIntegerArray confirmed;
    private final CountDownLatch all;
    private final Semaphore next = new Semaphore(0);

    Completions(final Workload workload)
    {
        this.workload = workload;
        this.calls = new AtomicIntegerArray(workload.orders());
        this.confirmed = new AtomicIntegerArray(workload.orders());
        this.all = new CountDownLatch(workload.orders());
    }

    @Override
    public void completed(final int order, final boolean isConfirmed)
    {
        if (isConfirmed)
        {
            confirmed.set(order, 1);
        }
        calls.incrementAndGet(order);
        all.countDown();
        next.release();
    }

    /**
     * Waits until as many outcomes as orders have been reported.
     */
    void awaitAll(final long seconds) throws InterruptedException
    {
        if (!all.await(seconds, TimeUnit.SECONDS))
        {
            fail(all.getCount() + " of " + workload.orders() + " orders not completed within " + seconds + " s");
        }
    }

    /**
     * Waits for the next outcome and checks it is order {@code order}'s; for a caller that submits one order at a time.
     */
    void awaitOrder(final int order, final long seconds) throws InterruptedException
    {
        if (!next.tryAcquire(seconds, TimeUnit.SECONDS))
        {
            fail("order " + order + " not completed within " + seconds + " s");
        }
        assertEquals(1, calls.get(order), "completions of order " + order);
    }

    void assertEveryOrderCompletedExactlyOnce()
    {
        for (int o = 0; o < workload.orders(); o++)
        {
            assertEquals(1, calls.get(o), "completions of order " + o);
        }
    }

    boolean confirmed(final int order)
    {
        return 1 == confirmed.get(order);
    }

    int confirmedCount()
    {
        int count = 0;
        for (int o = 0; o < workload.orders(); o++)
        {
            count += confirmed.get(o);
        }
        return count;
    }

    long confirmedLines()
    {
        long lines = 0;
        for (int o = 0; o < workload.orders(); o++)
        {
            lines += confirmed(o) ? workload.lineCount(o) : 0;
        }
        return lines;
    }

    /**
     * @return rejected multi-line orders.
     */
    int rejectedMultiLine()
    {
        int count = 0;
        for (int o = 0; o < workload.orders(); o++)
        {
            count += !confirmed(o) && workload.lineCount(o) > 1 ? 1 : 0;
        }
        return count;
    }

    /**
     * Conservation and no oversell: for every product, the units it lost are exactly the units of the lines of
     * confirmed orders, and it has none below zero. A rejected order that kept some of its lines would break it.
     */
    void assertConservation(final IntToLongFunction unitsOfProduct, final Available available) throws Exception
    {
        final Map<Long, Long> sold = new HashMap<>();
        for (int o = 0; o < workload.orders(); o++)
        {
            if (confirmed(o))
            {
                for (int i = 0; i < workload.lineCount(o); i++)
                {
                    sold.merge(workload.product(o, i), (long)workload.quantity(o, i), Long::sum);
                }
            }
        }
        for (int p = 0; p < workload.productCount(); p++)
        {
            final long productId = workload.productId(p);
            final long left = available.of(productId);
            assertTrue(left >= 0, "product " + productId + " oversold: " + left);
            assertEquals(unitsOfProduct.applyAsLong(p) - sold.getOrDefault(productId, 0L), left,
                "units left of product " + productId);
        }
    }

    /**
     * A twentieth of the workload's stock: the most popular catalogue products run out part-way, so multi-line orders
     * that include them are rejected while their other lines are still in stock; hot products cover a tenth of their
     * orders.
     */
    static IntToLongFunction scarceStock(final Workload workload)
    {
        return p -> workload.productUnits(p) / 20;
    }

    /**
     * Outcomes of deciding the orders one after the other, all-or-nothing, from the given stock.
     */
    static boolean[] sequentialReference(final Workload workload, final IntToLongFunction unitsOfProduct)
    {
        final Map<Long, Long> stock = new HashMap<>();
        for (int p = 0; p < workload.productCount(); p++)
        {
            stock.put(workload.productId(p), unitsOfProduct.applyAsLong(p));
        }
        final boolean[] outcomes = new boolean[workload.orders()];
        for (int o = 0; o < workload.orders(); o++)
        {
            boolean covered = true;
            for (int i = 0; i < workload.lineCount(o); i++)
            {
                covered &= stock.get(workload.product(o, i)) >= workload.quantity(o, i);
            }
            if (covered)
            {
                for (int i = 0; i < workload.lineCount(o); i++)
                {
                    stock.merge(workload.product(o, i), (long)-workload.quantity(o, i), Long::sum);
                }
            }
            outcomes[o] = covered;
        }
        return outcomes;
    }

    /**
     * Submits every order, split over {@code threads} threads (thread {@code t} takes the orders {@code o} with
     * {@code o % threads == t}), and waits for the threads to finish submitting.
     */
    static void submitFrom(final int threads, final OrderService service, final Completions completions)
        throws InterruptedException
    {
        final int orders = completions.workload.orders();
        final Thread[] clients = new Thread[threads];
        final Throwable[] failures = new Throwable[threads];
        for (int t = 0; t < threads; t++)
        {
            final int first = t;
            clients[t] = new Thread(() ->
            {
                try
                {
                    for (int o = first; o < orders; o += threads)
                    {
                        service.submit(o, completions);
                    }
                }
                catch (final Throwable ex)
                {
                    failures[first] = ex;
                }
            }, "client-" + t);
            clients[t].start();
        }
        for (int t = 0; t < threads; t++)
        {
            clients[t].join();
            if (null != failures[t])
            {
                throw new AssertionError("client " + t + " failed", failures[t]);
            }
        }
    }

    /**
     * A service's read of a product's unsold units.
     */
    @FunctionalInterface
    interface Available
    {
        long of(long productId) throws Exception;
    }
}
