package io.archipelago.perf.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Throughput: {@code threads} client threads submit a range of the workload's orders as fast as the system takes them,
 * each keeping at most {@code window} orders in flight (a synchronous system completes each order inside
 * {@code submit}, so its window never fills). Client thread {@code t} submits the orders whose index is {@code t}
 * modulo {@code threads}. The clock runs from the first submission to the last completion.
 * <p>
 * A full window is waited out by parking 50 µs at a time: the completing thread only bumps a counter, so completions
 * cost no wake-up.
 */
public final class ClosedLoopRun
{
    private static final int SPACING = 16;

    private ClosedLoopRun()
    {
    }

    /**
     * The measured outcome.
     *
     * @param orders    orders completed.
     * @param confirmed orders confirmed.
     * @param rejected  orders rejected.
     * @param nanos     first submission to last completion.
     */
    public record Outcome(long orders, long confirmed, long rejected, long nanos)
    {
        /**
         * @return orders per second.
         */
        public double ordersPerSecond()
        {
            return orders / (nanos / 1e9);
        }
    }

    /**
     * Submits orders {@code from} (inclusive) to {@code to} (exclusive) and waits for every outcome.
     *
     * @param service the system.
     * @param from    first order index.
     * @param to      end of the range.
     * @param threads client threads.
     * @param window  orders in flight per client thread.
     * @return the outcome.
     * @throws InterruptedException when interrupted.
     */
    public static Outcome run(final OrderService service, final int from, final int to, final int threads,
        final int window) throws InterruptedException
    {
        final AtomicLongArray completed = new AtomicLongArray(threads * SPACING);
        final LongAdder confirmed = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final OrderService.CompletionSink sink = (order, ok) ->
        {
            (ok ? confirmed : rejected).increment();
            completed.getAndIncrement((order % threads) * SPACING);
        };
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final List<Thread> clients = new ArrayList<>(threads);
        final long start = System.nanoTime();
        for (int t = 0; t < threads; t++)
        {
            final int thread = t;
            final int first = from + Math.floorMod(thread - from, threads);
            final Thread client = new Thread(() ->
            {
                final int slot = thread * SPACING;
                long submitted = 0;
                for (int order = first; order < to; order += threads)
                {
                    while (submitted - completed.get(slot) >= window)
                    {
                        LockSupport.parkNanos(50_000);
                    }
                    service.submit(order, sink);
                    submitted++;
                }
                while (completed.get(slot) < submitted)
                {
                    LockSupport.parkNanos(50_000);
                }
            }, "bench-client-" + t);
            client.setUncaughtExceptionHandler((th, ex) -> failure.compareAndSet(null, ex));
            clients.add(client);
        }
        clients.forEach(Thread::start);
        for (final Thread client : clients)
        {
            client.join();
        }
        final long nanos = System.nanoTime() - start;
        if (null != failure.get())
        {
            throw new IllegalStateException("a client thread failed", failure.get());
        }
        return new Outcome(confirmed.sum() + rejected.sum(), confirmed.sum(), rejected.sum(), nanos);
    }
}
