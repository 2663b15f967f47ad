package io.archipelago.tool.demo;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.archipelago.engine.Archipelago;
import io.archipelago.tool.ExitCodes;
import io.archipelago.tool.ToolException;
import io.archipelago.tool.output.ProgressLine;

/**
 * The demo's measured phase: starts the client threads, waits until every order is decided, and times it. Gives up
 * when no order is decided for a whole minute, so a stuck engine fails the demo instead of hanging it.
 *
 * @param tally outcomes of the orders.
 * @param nanos wall time from starting the clients to the last outcome.
 */
record OrderPhase(OrderTally tally, long nanos)
{
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long POLL_MILLIS = 200;

    /**
     * @param engine   a running engine with the products created.
     * @param settings the demo's settings.
     * @param progress shows how far the phase is.
     * @return the outcome counts and the time taken.
     * @throws InterruptedException when this thread is interrupted; the clients are told to stop.
     * @throws ToolException        when a client failed or the engine stopped deciding orders.
     */
    static OrderPhase run(final Archipelago engine, final DemoSettings settings, final ProgressLine progress)
        throws InterruptedException
    {
        final OrderTally tally = new OrderTally();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Logins logins = new Logins(settings.users());
        final SplittableRandom seeds = new SplittableRandom(settings.seed());
        final Thread[] clients = new Thread[settings.threads()];
        final long share = settings.orders() / clients.length;
        final long remainder = settings.orders() % clients.length;
        long nextOrder = 0;
        for (int t = 0; t < clients.length; t++)
        {
            final long count = share + (t < remainder ? 1 : 0);
            final DemoClient client = new DemoClient(engine, settings, logins, seeds.split(), nextOrder + 1, count,
                tally, stop, failure);
            clients[t] = new Thread(client, "demo-client-" + t);
            clients[t].setDaemon(true);
            nextOrder += count;
        }

        final long start = System.nanoTime();
        for (final Thread client : clients)
        {
            client.start();
        }
        long lastDecided = -1;
        long lastChangeNanos = start;
        boolean stalled = false;
        try
        {
            for (final Thread client : clients)
            {
                while (client.isAlive())
                {
                    client.join(POLL_MILLIS);
                    final long now = System.nanoTime();
                    final long decided = tally.decided();
                    if (decided != lastDecided)
                    {
                        lastDecided = decided;
                        lastChangeNanos = now;
                    }
                    else if (now - lastChangeNanos > STALL_NANOS && !stalled)
                    {
                        stalled = true;
                        stop.set(true);
                    }
                    progress.update("orders", decided, settings.orders(), now - start);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            stop.set(true);
            throw ex;
        }
        finally
        {
            progress.finish();
        }
        final long nanos = System.nanoTime() - start;

        final Throwable failed = failure.get();
        if (null != failed)
        {
            throw new ToolException(ExitCodes.CHECK_FAILED,
                "a client thread failed: " + failed.getClass().getSimpleName() + ": " + failed.getMessage(), failed);
        }
        if (stalled)
        {
            throw ToolException.checkFailed("no order was decided for " +
                TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS) + " s; " + tally.decided() + " of " + settings.orders() +
                " orders decided; giving up");
        }
        return new OrderPhase(tally, nanos);
    }

    /**
     * @return orders decided per second of the phase.
     */
    double ordersPerSecond()
    {
        return nanos == 0 ? 0 : tally.decided() * 1e9 / nanos;
    }
}
