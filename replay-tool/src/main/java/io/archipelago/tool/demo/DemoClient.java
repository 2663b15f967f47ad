package io.archipelago.tool.demo;

import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.ResultListener;

/**
 * One client thread of the demo: draws its orders from its own random stream and submits them through
 * {@link Archipelago#submitPlaceOrder}, keeping at most a window of orders undecided. With a skew, that share of the
 * orders goes to the few heavy users, whose islands run out of stock first and must ask the others for units. It is
 * also the {@link ResultListener} of its orders: island threads count each outcome and give back a window permit.
 * <p>
 * The order's total units travel as the correlation id, so the listener needs no per-order state.
 */
final class DemoClient implements Runnable, ResultListener
{
    private static final long POLL_MILLIS = 100;
    private static final long MIN_BACKOFF_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Archipelago engine;
    private final DemoSettings settings;
    private final Logins logins;
    private final SplittableRandom random;
    private final long firstOrderId;
    private final long orderCount;
    private final OrderTally tally;
    private final AtomicBoolean stop;
    private final AtomicReference<Throwable> failure;
    private final Semaphore window;

    /**
     * @param engine       the engine to place orders with.
     * @param settings     the demo's settings.
     * @param logins       the users.
     * @param random       this client's own stream.
     * @param firstOrderId the id of this client's first order; the others follow.
     * @param orderCount   orders this client places.
     * @param tally        where outcomes are counted.
     * @param stop         set when the demo gives up; the client then stops submitting and waiting.
     * @param failure      receives the first unexpected failure of any client.
     */
    DemoClient(final Archipelago engine, final DemoSettings settings, final Logins logins,
        final SplittableRandom random, final long firstOrderId, final long orderCount, final OrderTally tally,
        final AtomicBoolean stop, final AtomicReference<Throwable> failure)
    {
        this.engine = engine;
        this.settings = settings;
        this.logins = logins;
        this.random = random;
        this.firstOrderId = firstOrderId;
        this.orderCount = orderCount;
        this.tally = tally;
        this.stop = stop;
        this.failure = failure;
        this.window = new Semaphore(settings.inFlight());
    }

    @Override
    public void run()
    {
        try
        {
            placeOrders();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            fail(ex);
        }
        catch (final RuntimeException | Error ex)
        {
            fail(ex);
        }
    }

    @Override
    public void onResult(final long correlationId, final ResultCode result)
    {
        tally.record(result, correlationId);
        window.release();
    }

    private void placeOrders() throws InterruptedException
    {
        final int maxLines = settings.maxLines();
        final double skew = settings.skew();
        final long[] productIds = new long[maxLines];
        final int[] quantities = new int[maxLines];
        for (long i = 0; i < orderCount; i++)
        {
            final String login = skew > 0 && random.nextDouble() < skew ?
                logins.heavy(random.nextInt(Logins.HEAVY_USERS)) : logins.login(random.nextInt(settings.users()));
            final int lines = 1 + random.nextInt(maxLines);
            long units = 0;
            for (int line = 0; line < lines; line++)
            {
                productIds[line] = 1 + random.nextInt(settings.products());
                quantities[line] = settings.minQuantity() +
                    random.nextInt(settings.maxQuantity() - settings.minQuantity() + 1);
                units += quantities[line];
            }
            if (!acquire(1))
            {
                return;
            }
            if (!submit(login, firstOrderId + i, productIds, quantities, lines, units))
            {
                return;
            }
        }
        acquire(settings.inFlight());
    }

    private boolean submit(final String login, final long orderId, final long[] productIds, final int[] quantities,
        final int lines, final long units)
    {
        long backoffNanos = MIN_BACKOFF_NANOS;
        while (true)
        {
            final ResultCode submitted = engine.submitPlaceOrder(login, orderId, productIds, quantities, lines,
                settings.orderTimeoutMillis(), this, units);
            if (submitted == ResultCode.ACCEPTED)
            {
                return true;
            }
            if (submitted == ResultCode.OVERLOADED && !stop.get())
            {
                tally.overloaded();
                LockSupport.parkNanos(backoffNanos);
                backoffNanos = Math.min(2 * backoffNanos, MAX_BACKOFF_NANOS);
                continue;
            }
            window.release();
            if (submitted == ResultCode.OVERLOADED)
            {
                return false;
            }
            if (submitted == ResultCode.CLOSED)
            {
                throw new IllegalStateException("the engine closed while order " + orderId + " was being submitted");
            }
            tally.record(submitted, units);
            return true;
        }
    }

    private boolean acquire(final int permits) throws InterruptedException
    {
        while (!window.tryAcquire(permits, POLL_MILLIS, TimeUnit.MILLISECONDS))
        {
            if (stop.get())
            {
                return false;
            }
        }
        return true;
    }

    private void fail(final Throwable ex)
    {
        failure.compareAndSet(null, ex);
        stop.set(true);
    }
}
