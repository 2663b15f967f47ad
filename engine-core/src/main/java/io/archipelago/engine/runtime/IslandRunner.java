package io.archipelago.engine.runtime;

import java.util.List;

import io.archipelago.engine.model.WaitStrategyKind;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * One thread running a fixed set of islands: it polls each island's ring in turn, applying at most
 * {@link #MAX_BATCH} inputs of one island before moving to the next, and idles by the engine's
 * {@link WaitStrategyKind} when no island had work. Each island is still applied by exactly one thread; islands may
 * outnumber cores without one context switch per input. The thread ends when every island it runs has closed.
 * <pre>
 *   ring of island 0 --+
 *   ring of island 2 --+--> runner: poll(0), poll(2), poll(4), poll(0), ...   idle when a round found nothing
 *   ring of island 4 --+       ^
 *   publish ---- RunnerWakeup -+  (signals only a blocked runner)
 * </pre>
 */
final class IslandRunner implements Runnable
{
    /** Inputs of one island applied before the runner turns to the next; also the longest group commit. */
    static final int MAX_BATCH = 1024;

    private final Island[] islands;
    private final RunnerWakeup wakeup;
    private final IdleStrategy idleStrategy;
    private final Thread thread;

    /**
     * @param index   the runner's number, for its thread name.
     * @param islands the islands it runs, each built with {@code wakeup} as its ring's wait strategy.
     * @param wakeup  wakes this runner when one of its rings gets work.
     * @param kind    how it idles.
     */
    IslandRunner(final int index, final List<Island> islands, final RunnerWakeup wakeup, final WaitStrategyKind kind)
    {
        this.islands = islands.toArray(new Island[0]);
        this.wakeup = wakeup;
        this.idleStrategy = switch (kind)
        {
            case BLOCKING -> null;
            case SLEEPING -> new BackoffIdleStrategy(100, 100, 1_000, 1_000_000);
            case YIELDING -> new YieldingIdleStrategy();
            case BUSY_SPIN -> new BusySpinIdleStrategy();
        };
        this.thread = new Thread(this, "archipelago-islands-" + index);
        this.thread.setDaemon(true);
    }

    /**
     * Creates one wakeup per runner: island {@code i} belongs to runner {@code i % runners}.
     *
     * @param runners number of runner threads.
     * @param kind    how runners idle.
     * @return the wakeups, by runner.
     */
    static RunnerWakeup[] wakeups(final int runners, final WaitStrategyKind kind)
    {
        final RunnerWakeup[] wakeups = new RunnerWakeup[runners];
        for (int i = 0; i < runners; i++)
        {
            wakeups[i] = new RunnerWakeup(kind == WaitStrategyKind.BLOCKING);
        }
        return wakeups;
    }

    void start()
    {
        thread.start();
    }

    @Override
    public void run()
    {
        try
        {
            runIslands();
        }
        catch (final RuntimeException | Error ex)
        {
            for (final Island island : islands)
            {
                if (island.attached())
                {
                    island.fail(ex, "its runner thread failed");
                }
            }
        }
    }

    private void runIslands()
    {
        for (final Island island : islands)
        {
            island.onRunnerStart();
        }
        while (true)
        {
            int work = 0;
            boolean attached = false;
            for (final Island island : islands)
            {
                if (island.attached())
                {
                    attached = true;
                    work += island.poll(MAX_BATCH);
                }
            }
            if (!attached)
            {
                return;
            }
            if (null == idleStrategy)
            {
                if (0 == work)
                {
                    wakeup.await(this);
                }
            }
            else
            {
                if (0 == work && Thread.interrupted())
                {
                    // Runners stop when their islands close; an interrupt would only make parking return at once.
                    continue;
                }
                idleStrategy.idle(work);
            }
        }
    }

    /**
     * Runner thread only, called with the wakeup's flag raised.
     *
     * @return true when an island has an input ready or is waiting to be detached.
     */
    boolean hasWork()
    {
        for (final Island island : islands)
        {
            if (island.hasWork())
            {
                return true;
            }
        }
        return false;
    }
}
