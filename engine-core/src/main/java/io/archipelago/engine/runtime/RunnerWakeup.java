package io.archipelago.engine.runtime;

import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

/**
 * The wait strategy of the rings of the islands one {@link IslandRunner} runs: a publish into any of them wakes the
 * runner, but only when it is blocked, so producers of a busy runner pay a fence and a read, not a lock. Rings are
 * polled by their runner, never waited on through a barrier.
 * <pre>
 *   runner:   waiting = true; fence; any island has work? -- no --> await (lock released while waiting)
 *   producer: publish slot;   fence; waiting?              -- yes --> lock, signal
 * </pre>
 * Each side writes before it reads the other's flag, with a full fence between, so at least one of them sees the
 * other: either the runner sees the slot or the producer sees the runner waiting and signals it.
 */
final class RunnerWakeup implements WaitStrategy
{
    private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final boolean blocking;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signalled = lock.newCondition();
    private volatile boolean waiting;
    private volatile long lateWakeups;

    /**
     * @param blocking true when the runner blocks while idle and needs signals; false when it spins, yields or sleeps
     *                 and finds work by itself.
     */
    RunnerWakeup(final boolean blocking)
    {
        this.blocking = blocking;
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence,
        final SequenceBarrier barrier)
    {
        throw new UnsupportedOperationException("island rings are polled by their runner, not waited on");
    }

    @Override
    public void signalAllWhenBlocking()
    {
        if (blocking)
        {
            VarHandle.fullFence();
            if (waiting)
            {
                signal();
            }
        }
    }

    /**
     * Wakes the runner if it is blocked (or about to block).
     */
    void signal()
    {
        lock.lock();
        try
        {
            signalled.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @return times the runner woke by its own timeout and found work that no signal had announced: a lost signal,
     *         or a producer stalled for the whole timeout between publishing and signalling.
     */
    long lateWakeups()
    {
        return lateWakeups;
    }

    /**
     * Runner thread only: blocks until signalled, unless {@code runner} has work once this side's flag is up.
     *
     * @param runner asked for work after the flag is raised.
     */
    void await(final IslandRunner runner)
    {
        lock.lock();
        try
        {
            waiting = true;
            VarHandle.fullFence();
            if (!runner.hasWork() && signalled.awaitNanos(MAX_WAIT_NANOS) <= 0 && runner.hasWork())
            {
                lateWakeups++;
            }
        }
        catch (final InterruptedException ignore)
        {
            // A runner stops when its islands close, not when interrupted; keeping the flag would make every
            // later wait return at once and the runner spin.
        }
        finally
        {
            waiting = false;
            lock.unlock();
        }
    }
}
