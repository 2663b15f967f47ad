package io.archipelago.engine.logic;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import com.google.common.hash.Hasher;

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

    int size()
    {
        return live;
    }

    /**
     * @return live timers in firing order.
     */
    private List<Timer> liveSorted()
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

    /**
     * Writes the next id and the live timers in firing order, with their ids, so they fire in the same order after a
     * read.
     */
    void writeTo(final DataOutput out) throws IOException
    {
        out.writeLong(nextId);
        final List<Timer> timers = liveSorted();
        out.writeInt(timers.size());
        for (final Timer timer : timers)
        {
            out.writeLong(timer.id);
            out.writeLong(timer.deadline);
            out.writeInt(timer.kind);
            out.writeLong(timer.productId);
            out.writeLong(timer.requestId);
            out.writeBoolean(null != timer.order);
            if (null != timer.order)
            {
                out.writeUTF(timer.order.login);
                out.writeLong(timer.order.orderId);
            }
        }
    }

    /**
     * Reads what {@link #writeTo} wrote into this empty queue and hands each timer back to the order or product that
     * holds it.
     */
    void readFrom(final DataInput in, final OrderBook orders, final ProductBook products) throws IOException
    {
        nextId = in.readLong();
        final int count = in.readInt();
        for (int k = 0; k < count; k++)
        {
            final long id = in.readLong();
            final long deadline = in.readLong();
            final int kind = in.readInt();
            final long productId = in.readLong();
            final long requestId = in.readLong();
            final Order order = in.readBoolean() ? orders.waitingOrder(in.readUTF(), in.readLong()) : null;
            final Timer timer = new Timer(id, deadline, kind, order, productId, requestId);
            queue.add(timer);
            live++;
            switch (kind)
            {
                case Timer.ORDER_DEADLINE -> order.deadlineTimer = timer;
                case Timer.REQUEST_TIMEOUT -> products.get(productId).requestTimer = timer;
                case Timer.SEARCH_RETRY -> products.get(productId).retryTimer = timer;
                default -> throw new IllegalStateException("unknown timer kind " + kind);
            }
        }
    }

    /**
     * Adds the live timers, in firing order, to a digest (the next id is added by the caller, earlier).
     */
    void hashInto(final Hasher hasher)
    {
        for (final Timer timer : liveSorted())
        {
            hasher.putLong(timer.id).putLong(timer.deadline).putInt(timer.kind).putLong(timer.productId)
                .putLong(timer.requestId);
            if (null != timer.order)
            {
                hasher.putUnencodedChars(timer.order.login).putLong(timer.order.orderId);
            }
        }
    }
}
