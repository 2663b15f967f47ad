package io.archipelago.perf.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

class RunsTest
{
    /**
     * Completes every order on another thread; rejects odd orders; counts how often each order was submitted.
     */
    private static final class AsyncService implements OrderService
    {
        final ExecutorService executor = Executors.newSingleThreadExecutor();
        final AtomicIntegerArray submitted;

        AsyncService(final int orders)
        {
            submitted = new AtomicIntegerArray(orders);
        }

        @Override
        public String name()
        {
            return "async";
        }

        @Override
        public void start(final Workload workload)
        {
        }

        @Override
        public void submit(final int order, final CompletionSink sink)
        {
            submitted.incrementAndGet(order);
            executor.execute(() -> sink.completed(order, order % 2 == 0));
        }

        @Override
        public void close()
        {
            executor.shutdownNow();
        }
    }

    @Test
    void shouldSubmitEveryOrderOfTheRangeOnceAcrossClientThreads() throws Exception
    {
        try (AsyncService service = new AsyncService(10_000))
        {
            final ClosedLoopRun.Outcome outcome = ClosedLoopRun.run(service, 1_001, 9_000, 3, 16);
            assertEquals(7_999, outcome.orders());
            assertEquals(4_000, outcome.rejected(), "odd orders 1,001..8,999");
            assertEquals(3_999, outcome.confirmed());
            for (int i = 0; i < 10_000; i++)
            {
                assertEquals(i >= 1_001 && i < 9_000 ? 1 : 0, service.submitted.get(i), "order " + i);
            }
            assertTrue(outcome.nanos() > 0);
        }
    }

    @Test
    void shouldMeasureLatencyFromThePlannedSendTime() throws Exception
    {
        try (AsyncService service = new AsyncService(5_000))
        {
            final OpenLoopRun.Outcome outcome = OpenLoopRun.run(service, 1_000, 2_000, 20_000, false);
            assertEquals(2_000, outcome.latency().getTotalCount());
            assertEquals(2_000, outcome.sendLag().getTotalCount());
            assertEquals(1_000, outcome.confirmed());
            assertTrue(outcome.achieved() > 0 && outcome.offered() == 20_000, outcome.toString());
            assertTrue(new OpenLoopRun.Outcome(20_000, 19_000, outcome.latency(), outcome.sendLag(), 0, 0).held(),
                "95% of the offered rate holds");
            assertTrue(!new OpenLoopRun.Outcome(20_000, 18_999, outcome.latency(), outcome.sendLag(), 0, 0).held(),
                "less does not");
            assertTrue(outcome.latency().getMaxValue() >= outcome.sendLag().getMaxValue() - 1_000,
                "an order's latency includes how late it was sent");
        }
    }

    @Test
    void shouldChargeAStalledSystemForTheWholeStall() throws Exception
    {
        final OrderService stalling = new OrderService()
        {
            @Override
            public String name()
            {
                return "stalling";
            }

            @Override
            public void start(final Workload workload)
            {
            }

            @Override
            public void submit(final int order, final CompletionSink sink)
            {
                if (order == 100)
                {
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
                }
                sink.completed(order, true);
            }

            @Override
            public void close()
            {
            }
        };
        final OpenLoopRun.Outcome outcome = OpenLoopRun.run(stalling, 0, 1_000, 5_000, false);
        assertTrue(outcome.latency().getMaxValue() >= 195_000_000L, "the stalled order waited 200 ms");
        assertTrue(outcome.latency().getValueAtPercentile(50) >= 50_000_000L,
            "orders planned during the stall are charged from their planned time, not from when they were sent");
    }
}
