package io.archipelago.engine.logic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The island's timers, ordered by (deadline, id): a total order, so firing order never depends on anything but
 * the inputs. Cancelled timers are dropped lazily when they reach the head.
 */
final class TimerQueue
{
    private static final Comparator<Timer> ORDER = Comparator.<Timer>comparingLong(t -> t.deadline)
        .thenComparingLong(t -> t.id);

    private final PriorityQueue<Timer> queue = new PriorityQueue<>(ORDER);
    private long nextId = 1;
    private int live;

    Timer schedule(final long deadline, final int kind, final Order order, final long productId,
        final long requestId)
    {
        final Timer timer = new Timer(nextId++, deadline, kind, order, productId, requestId);
        queue.add(timer);
        live++;
        return timer;
    }

    void cancel(final Timer timer)
    {
        if (null != timer && !timer.cancelled)
        {
            timer.cancelled = true;
            live--;
        }
    }

    /**
     * @param now journaled time.
     * @return the next live timer due at or before {@code now}, removed from the queue, or {@code null}.
     */
    Timer pollDue(final long now)
    {
        while (!queue.isEmpty())
        {
            final Timer head = queue.peek();
            if (head.cancelled)
            {
                queue.poll();
                continue;
            }
            if (head.deadline > now)
            {
                return null;
            }
            queue.poll();
            head.cancelled = true;
            live--;
            return head;
        }
        return null;
    }

    /**
     * @return the earliest live deadline, or {@link Long#MAX_VALUE} when none.
     */
    long nextDeadline()
    {
        while (!queue.isEmpty() && queue.peek().cancelled)
        {
            queue.poll();
        }
        return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().deadline;
    }

    long nextId()
    {
        return nextId;
    }

    /**
     * Restores a live timer with its original id (snapshots).
     */
    Timer restore(final long id, final long deadline, final int kind, final Order order, final long productId,
        final long requestId)
    {
        final Timer timer = new Timer(id, deadline, kind, order, productId, requestId);
        queue.add(timer);
        live++;
        return timer;
    }

    void restoreNextId(final long nextId)
    {
        this.nextId = nextId;
    }

    int size()
    {
        return live;
    }

    /**
     * @return live timers in firing order (for the digest and snapshots).
     */
    List<Timer> liveSorted()
    {
        final List<Timer> timers = new ArrayList<>(live);
        for (final Timer timer : queue)
        {
            if (!timer.cancelled)
            {
                timers.add(timer);
            }
        }
        timers.sort(ORDER);
        return timers;
    }
}
