package io.archipelago.engine.logic;

import java.util.Arrays;
import java.util.function.LongConsumer;

import org.agrona.collections.Long2LongHashMap;

/**
 * One user's decided orders: order id to the address of its record in the island's {@link OrderArchive}. Users' ids
 * mostly grow, so the pairs sit in one array in id order while they do: adding an id above the highest
 * writes at its end (no hashing, no rehash of a growing map), a lookup is a binary search. An id at most
 * {@link #MAX_SHIFT} places below the end is moved into place; the first id further out of order moves the user's
 * orders into a hash map keyed by {@link MapKey} for good.
 * <pre>
 *   in order:      pairs = | id 0 | address 0 | id 1 | address 1 | ... |     id 0 &lt; id 1 &lt; ...
 *   out of order:  MapKey.of(id) -&gt; address (ids read back from the records)
 * </pre>
 * Which of the two holds the orders depends on the history of the user's ids, so nothing that leaves the island may
 * follow the walk order of {@link #forEachAddress}: callers sort by id.
 */
final class ArchivedOrders
{
    private static final int INITIAL_PAIRS = 4;
    /**
     * Most pairs moved to fit an id in below the highest: ids a little out of order (orders of one user submitted
     * from two threads at once) stay in the array; an id further back moves the user to the map.
     */
    static final int MAX_SHIFT = 64;

    private long[] pairs = new long[2 * INITIAL_PAIRS];
    private int size;
    /** Non-null once an id came out of order; then it holds every order and {@link #pairs} is dropped. */
    private Long2LongHashMap map;

    /**
     * @param orderId an order id the user does not have decided yet, or one to point at another record.
     * @param address its record.
     */
    void put(final long orderId, final long address)
    {
        if (null == map)
        {
            if (size == 0 || orderId > pairs[2 * size - 2])
            {
                if (2 * size == pairs.length)
                {
                    pairs = Arrays.copyOf(pairs, 2 * pairs.length);
                }
                pairs[2 * size] = orderId;
                pairs[2 * size + 1] = address;
                size++;
                return;
            }
            final int at = indexOf(orderId);
            if (at >= 0)
            {
                pairs[2 * at + 1] = address;
                return;
            }
            final int insertAt = -at - 1;
            if (size - insertAt <= MAX_SHIFT)
            {
                if (2 * size == pairs.length)
                {
                    pairs = Arrays.copyOf(pairs, 2 * pairs.length);
                }
                System.arraycopy(pairs, 2 * insertAt, pairs, 2 * insertAt + 2, 2 * (size - insertAt));
                pairs[2 * insertAt] = orderId;
                pairs[2 * insertAt + 1] = address;
                size++;
                return;
            }
            toMap();
        }
        map.put(MapKey.of(orderId), address);
    }

    /**
     * @param orderId an order id.
     * @return its record, or {@link OrderArchive#NO_RECORD}.
     */
    long get(final long orderId)
    {
        if (null != map)
        {
            return map.get(MapKey.of(orderId));
        }
        final int at = indexOf(orderId);
        return at < 0 ? OrderArchive.NO_RECORD : pairs[2 * at + 1];
    }

    /**
     * @param orderId an order id.
     * @return true when the user has a decided order with that id.
     */
    boolean contains(final long orderId)
    {
        return null != map ? map.containsKey(MapKey.of(orderId)) : indexOf(orderId) >= 0;
    }

    /**
     * @return the highest order id held in id order (the array's last), or 0 when there is none or the map holds them;
     *         reading it brings the end of the array, where the next order goes, into the cache.
     */
    long highest()
    {
        return null == map && size > 0 ? pairs[2 * size - 2] : 0;
    }

    /**
     * @return decided orders.
     */
    int size()
    {
        return null != map ? map.size() : size;
    }

    /**
     * @return orders the structure holds before it grows (for tests of growth).
     */
    int capacity()
    {
        return null != map ? map.capacity() : pairs.length / 2;
    }

    /**
     * @param action receives every record's address, in no order anyone may rely on.
     */
    void forEachAddress(final LongConsumer action)
    {
        if (null != map)
        {
            final Long2LongHashMap.ValueIterator values = map.values().iterator();
            while (values.hasNext())
            {
                action.accept(values.nextValue());
            }
            return;
        }
        for (int i = 0; i < size; i++)
        {
            action.accept(pairs[2 * i + 1]);
        }
    }

    /**
     * @param action receives every order id, in no order anyone may rely on.
     */
    void forEachOrderId(final LongConsumer action)
    {
        if (null != map)
        {
            final Long2LongHashMap.KeyIterator keys = map.keySet().iterator();
            while (keys.hasNext())
            {
                action.accept(keys.nextValue());
            }
            return;
        }
        for (int i = 0; i < size; i++)
        {
            action.accept(pairs[2 * i]);
        }
    }

    private int indexOf(final long orderId)
    {
        int low = 0;
        int high = size - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final long id = pairs[2 * mid];
            if (id < orderId)
            {
                low = mid + 1;
            }
            else if (id > orderId)
            {
                high = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -low - 1;
    }

    private void toMap()
    {
        map = new Long2LongHashMap(Math.max(8, 2 * size), org.agrona.collections.Hashing.DEFAULT_LOAD_FACTOR,
            OrderArchive.NO_RECORD);
        for (int i = 0; i < size; i++)
        {
            map.put(MapKey.of(pairs[2 * i]), pairs[2 * i + 1]);
        }
        pairs = null;
        size = 0;
    }
}
