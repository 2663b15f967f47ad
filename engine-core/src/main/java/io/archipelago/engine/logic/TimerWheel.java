package io.archipelago.engine.logic;

import java.util.function.Consumer;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * The island's user-facing timers (scheduled work and hold expiries), millions of them, on journaled time. Timers fire
 * in (due, sequence) order, a total order that depends only on the timers themselves, so the island fires the same
 * timers at the same journal points live, in replay, and after a snapshot was read back into a wheel of another shape.
 * <p>
 * Two tiers, both O(1) to add, cancel and fire a timer:
 * <pre>
 *   near: SLOTS one-millisecond slots covering [base, base + SLOTS), each a list in sequence order,
 *         with a bitmap of the slots that hold timers (the next due slot is a few word scans away)
 *   far:  one list per SLOTS-wide window beyond the near window, found by window number in a hash map;
 *         the window numbers wait in a queue of their own (one entry per window, not per timer)
 * </pre>
 * When the near window is empty and time reaches the first far window, that window's list moves into the slots
 * (the list is in sequence order, so every slot stays in sequence order) and becomes the near window. A timer added
 * with a due time before the near window ends goes straight to its slot. Due times are never before the window's
 * start: callers add timers due at or after the time of the input being applied, and the window only moves to a
 * time that was reached.
 * <p>
 * Single-threaded: owned by the island's logic.
 */
final class TimerWheel
{
    /** Milliseconds (slots) in the near window. */
    static final int SLOTS = 4096;
    private static final int WORDS = SLOTS / 64;

    /** Near window: slot i holds timers due at base + i. Allocated on first use. */
    private WheelTimer[] heads;
    private WheelTimer[] tails;
    private long[] occupied;
    private long base;
    /** No near timer is due before slot {@code cursor}. */
    private int cursor;
    private int nearCount;

    private final Long2ObjectHashMap<Window> far = new Long2ObjectHashMap<>();
    /** Window numbers in the far tier, ascending; an entry may name a window emptied since (skipped when met). */
    private final LongMinQueue farWindows = new LongMinQueue();
    private int farCount;

    private long nextSequence = 1;

    /**
     * One far window: a doubly linked list of timers in sequence order.
     */
    static final class Window
    {
        final long number;
        WheelTimer head;
        WheelTimer tail;
        int count;
        /**
         * Earliest due time in the window, or {@link Long#MIN_VALUE} once the timer that had it was cancelled: the
         * window's start stands in for it then (finding it again would walk the window, and cancelling timers in due
         * order would walk it once per cancel).
         */
        long minDue = Long.MAX_VALUE;

        Window(final long number)
        {
            this.number = number;
        }
    }

    /**
     * @return the sequence the next added timer gets (part of the island's state).
     */
    long nextSequence()
    {
        return nextSequence;
    }

    /**
     * Sets the next sequence (reading a snapshot, before any timer is added).
     */
    void nextSequence(final long nextSequence)
    {
        this.nextSequence = nextSequence;
    }

    /**
     * @return live timers.
     */
    int size()
    {
        return nearCount + farCount;
    }

    /**
     * Adds a timer with the next sequence.
     *
     * @param timer a timer not in any wheel, its due time set.
     */
    void add(final WheelTimer timer)
    {
        timer.sequence = nextSequence++;
        place(timer);
    }

    /**
     * Adds a timer that keeps its sequence (reading a snapshot, in (due, sequence) order).
     */
    void restore(final WheelTimer timer)
    {
        if (timer.sequence >= nextSequence)
        {
            throw new IllegalStateException("timer sequence " + timer.sequence + " not below the next sequence " +
                nextSequence);
        }
        place(timer);
    }

    private void place(final WheelTimer timer)
    {
        final long due = timer.due;
        if (due < base)
        {
            throw new IllegalStateException("timer due at " + due + " before the wheel's window at " + base);
        }
        if (due - base < SLOTS)
        {
            if (null == heads)
            {
                heads = new WheelTimer[SLOTS];
                tails = new WheelTimer[SLOTS];
                occupied = new long[WORDS];
            }
            final int slot = (int)(due - base);
            append(timer, slot);
            if (slot < cursor)
            {
                cursor = slot;
            }
            nearCount++;
        }
        else
        {
            final long number = due / SLOTS;
            Window window = far.get(number);
            if (null == window)
            {
                window = new Window(number);
                far.put(number, window);
                farWindows.add(number);
            }
            timer.window = window;
            timer.slot = -1;
            timer.prev = window.tail;
            timer.next = null;
            if (null == window.tail)
            {
                window.head = timer;
            }
            else
            {
                window.tail.next = timer;
            }
            window.tail = timer;
            window.count++;
            if (window.minDue != Long.MIN_VALUE)
            {
                window.minDue = Math.min(window.minDue, due);
            }
            farCount++;
        }
    }

    private void append(final WheelTimer timer, final int slot)
    {
        timer.window = null;
        timer.slot = slot;
        timer.next = null;
        timer.prev = tails[slot];
        if (null == tails[slot])
        {
            heads[slot] = timer;
            occupied[slot >>> 6] |= 1L << (slot & 63);
        }
        else
        {
            tails[slot].next = timer;
        }
        tails[slot] = timer;
    }

    /**
     * Removes a timer in this wheel.
     */
    void cancel(final WheelTimer timer)
    {
        if (null != timer.window)
        {
            final Window window = timer.window;
            if (null == timer.prev)
            {
                window.head = timer.next;
            }
            else
            {
                timer.prev.next = timer.next;
            }
            if (null == timer.next)
            {
                window.tail = timer.prev;
            }
            else
            {
                timer.next.prev = timer.prev;
            }
            window.count--;
            if (timer.due == window.minDue)
            {
                window.minDue = Long.MIN_VALUE;
            }
            farCount--;
            timer.window = null;
        }
        else if (timer.slot >= 0)
        {
            final int slot = timer.slot;
            if (null == timer.prev)
            {
                heads[slot] = timer.next;
            }
            else
            {
                timer.prev.next = timer.next;
            }
            if (null == timer.next)
            {
                tails[slot] = timer.prev;
            }
            else
            {
                timer.next.prev = timer.prev;
            }
            if (null == heads[slot])
            {
                occupied[slot >>> 6] &= ~(1L << (slot & 63));
            }
            nearCount--;
        }
        else
        {
            throw new IllegalStateException("timer due at " + timer.due + " is in no wheel");
        }
        timer.slot = -1;
        timer.prev = null;
        timer.next = null;
    }

    /**
     * @return the earliest due time of a live timer, or {@link Long#MAX_VALUE} when none; or, after the earliest timer
     *         of the first far window was cancelled (and no near timer waits), that window's start: an earlier time
     *         at which firing moves the window into the slots, after which the answer is exact again. Never later
     *         than the earliest due time.
     */
    long nextDue()
    {
        if (nearCount > 0)
        {
            return base + nextOccupied();
        }
        final Window window = firstWindow();
        if (null == window)
        {
            return Long.MAX_VALUE;
        }
        return window.minDue == Long.MIN_VALUE ? window.number * SLOTS : window.minDue;
    }

    /**
     * Fires, in (due, sequence) order, timers due at or before {@code now}, at most {@code limit} of them; each is
     * removed before {@code action} sees it (the action may add timers, due at or after {@code now}).
     *
     * @return timers fired.
     */
    int fire(final long now, final int limit, final Consumer<WheelTimer> action)
    {
        int fired = 0;
        while (fired < limit)
        {
            if (nearCount > 0)
            {
                final int slot = nextOccupied();
                if (base + slot > now)
                {
                    break;
                }
                cursor = slot;
                final WheelTimer timer = heads[slot];
                cancel(timer);
                action.accept(timer);
                fired++;
                continue;
            }
            final Window window = firstWindow();
            if (null == window || window.number * SLOTS > now)
            {
                break;
            }
            migrate(window);
        }
        return fired;
    }

    /**
     * Moves the first far window into the (empty) near window.
     */
    private void migrate(final Window window)
    {
        far.remove(window.number);
        farWindows.poll();
        base = window.number * SLOTS;
        cursor = SLOTS;
        WheelTimer timer = window.head;
        if (null == heads)
        {
            heads = new WheelTimer[SLOTS];
            tails = new WheelTimer[SLOTS];
            occupied = new long[WORDS];
        }
        while (null != timer)
        {
            final WheelTimer next = timer.next;
            final int slot = (int)(timer.due - base);
            append(timer, slot);
            cursor = Math.min(cursor, slot);
            nearCount++;
            timer = next;
        }
        farCount -= window.count;
        window.head = null;
        window.tail = null;
        window.count = 0;
    }

    private Window firstWindow()
    {
        while (!farWindows.isEmpty())
        {
            final Window window = far.get(farWindows.peek());
            if (null != window && window.count > 0)
            {
                return window;
            }
            if (null != window)
            {
                far.remove(window.number);
            }
            farWindows.poll();
        }
        return null;
    }

    /**
     * @return the first occupied near slot at or after the cursor (the near window holds a timer).
     */
    private int nextOccupied()
    {
        int word = cursor >>> 6;
        long bits = occupied[word] & (-1L << (cursor & 63));
        while (bits == 0)
        {
            word++;
            bits = occupied[word];
        }
        cursor = (word << 6) + Long.numberOfTrailingZeros(bits);
        return cursor;
    }

    /**
     * Visits every live timer in (due, sequence) order (allocates: for snapshots, digests and tools).
     */
    void forEachInOrder(final Consumer<WheelTimer> action)
    {
        final WheelTimer[] all = new WheelTimer[size()];
        int n = 0;
        if (nearCount > 0)
        {
            for (int slot = 0; slot < SLOTS; slot++)
            {
                for (WheelTimer timer = heads[slot]; null != timer; timer = timer.next)
                {
                    all[n++] = timer;
                }
            }
        }
        final Long2ObjectHashMap<Window>.ValueIterator windows = far.values().iterator();
        while (windows.hasNext())
        {
            for (WheelTimer timer = windows.next().head; null != timer; timer = timer.next)
            {
                all[n++] = timer;
            }
        }
        java.util.Arrays.sort(all, 0, n, WheelTimer.ORDER);
        for (int i = 0; i < n; i++)
        {
            action.accept(all[i]);
        }
    }

    /**
     * A min-queue of window numbers: a binary heap over a long array.
     */
    static final class LongMinQueue
    {
        private long[] heap = new long[16];
        private int size;

        boolean isEmpty()
        {
            return size == 0;
        }

        long peek()
        {
            return heap[0];
        }

        void add(final long value)
        {
            if (size == heap.length)
            {
                heap = java.util.Arrays.copyOf(heap, size * 2);
            }
            int i = size++;
            while (i > 0)
            {
                final int parent = (i - 1) >>> 1;
                if (heap[parent] <= value)
                {
                    break;
                }
                heap[i] = heap[parent];
                i = parent;
            }
            heap[i] = value;
        }

        long poll()
        {
            final long top = heap[0];
            final long last = heap[--size];
            int i = 0;
            while (true)
            {
                final int child = 2 * i + 1;
                if (child >= size)
                {
                    break;
                }
                final int smaller = child + 1 < size && heap[child + 1] < heap[child] ? child + 1 : child;
                if (heap[smaller] >= last)
                {
                    break;
                }
                heap[i] = heap[smaller];
                i = smaller;
            }
            if (size > 0)
            {
                heap[i] = last;
            }
            return top;
        }
    }
}
