package io.archipelago.perf.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * Latency at an offered rate: one generator thread sends order {@code from + k} at its planned time
 * {@code start + k / rate}, whatever happened to the orders before it, and each order's latency is measured from its
 * planned send time to its outcome. A system (or generator) that falls behind is charged for the whole delay, so the
 * percentiles are free of coordinated omission.
 * <p>
 * The generator parks until the next planned time by default; the OS wakes it late by tens of microseconds, so it
 * sends the orders that became due meanwhile in a burst, and the lateness counts against the system. How late the
 * generator sent is recorded separately ({@link Outcome#sendLag()}) so the two can be told apart. {@code spin = true}
 * spins instead of parking (steals a core from the system on a small machine).
 */
public final class OpenLoopRun
{
    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(120);

    private OpenLoopRun()
    {
    }

    /**
     * The measured outcome.
     *
     * @param offered   offered rate, orders/s.
     * @param achieved  orders completed per second from the first planned send to the last outcome.
     * @param latency   planned send to outcome, ns.
     * @param sendLag   planned send to actual send, ns.
     * @param confirmed orders confirmed.
     * @param rejected  orders rejected.
     */
    public record Outcome(double offered, double achieved, Histogram latency, Histogram sendLag, long confirmed,
        long rejected)
    {
        /**
         * @return true if the system kept up: it completed at least 95% of the offered rate.
         */
        public boolean held()
        {
            return achieved >= 0.95 * offered;
        }
    }

    /**
     * Sends orders {@code from .. from + count - 1} at {@code rate} per second and waits for every outcome (at most
     * {@code count / rate + 60} seconds).
     *
     * @param service the system.
     * @param from    first order index.
     * @param count   orders to send.
     * @param rate    offered orders per second.
     * @param spin    spin instead of parking between sends.
     * @return the outcome.
     */
    public static Outcome run(final OrderService service, final int from, final int count, final double rate,
        final boolean spin)
    {
        final long[] done = new long[count];
        final LongAdder completed = new LongAdder();
        final LongAdder confirmed = new LongAdder();
        final OrderService.CompletionSink sink = (order, ok) ->
        {
            done[order - from] = System.nanoTime();
            if (ok)
            {
                confirmed.increment();
            }
            completed.increment();
        };
        final Histogram sendLag = new Histogram(HIGHEST_NANOS, 3);
        final double interval = 1e9 / rate;
        final long start = System.nanoTime() + 1_000_000;
        for (int k = 0; k < count; k++)
        {
            final long planned = start + (long)(k * interval);
            long now;
            while ((now = System.nanoTime()) < planned)
            {
                if (spin)
                {
                    Thread.onSpinWait();
                }
                else
                {
                    LockSupport.parkNanos(planned - now);
                }
            }
            sendLag.recordValue(Math.min(HIGHEST_NANOS, now - planned));
            service.submit(from + k, sink);
        }
        final long deadline = System.nanoTime() + (long)(count / rate * 1e9) + TimeUnit.SECONDS.toNanos(60);
        while (completed.sum() < count)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("only " + completed.sum() + " of " + count +
                    " orders completed within 60 s after the last was sent");
            }
            LockSupport.parkNanos(100_000);
        }
        final Histogram latency = new Histogram(HIGHEST_NANOS, 3);
        long last = start;
        for (int k = 0; k < count; k++)
        {
            final long planned = start + (long)(k * interval);
            latency.recordValue(Math.max(0, Math.min(HIGHEST_NANOS, done[k] - planned)));
            last = Math.max(last, done[k]);
        }
        final double achieved = count / ((last - start) / 1e9);
        return new Outcome(rate, achieved, latency, sendLag, confirmed.sum(), count - confirmed.sum());
    }
}
