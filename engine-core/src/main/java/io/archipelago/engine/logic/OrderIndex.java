package io.archipelago.engine.logic;

import java.nio.ByteBuffer;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Where each decided order of an island is in its {@link OrderArchive}: an island-wide open-addressing hash table
 * (linear probing) from (user number, order key) to archive address, outside the Java heap. One index instead of a
 * map per user leaves nothing for the garbage collector to trace or copy (a young collection copies every array
 * allocated since the last one, and per-user maps keep allocating as users place orders). Entries are only ever
 * added: decided orders stay decided (a cancellation changes the record, not its address).
 * <p>
 * The table is split into {@value #SEGMENTS} segments by the top bits of the hash; each segment doubles on its own
 * when it is {@value #LOAD_PERCENT}% full, so a rehash moves 1/{@value #SEGMENTS} of the entries and stalls the island
 * thread for that long only. Each slot:
 * <pre>
 *   0                                                               63
 *   +---------------------------------------------------------------+
 *   | order key ({@link InventoryLogic#mapKey} of the order id)     |  0
 *   | user number(32), unused(32)                                   |  8
 *   | archive address + 1 (0 = empty slot)                          | 16
 *   +---------------------------------------------------------------+
 * </pre>
 * A segment holds at most {@code maxSegmentCapacity * LOAD_PERCENT / 100} orders ({@link #MAX_ENTRIES} in all by
 * default, given an even hash); beyond that {@link #put} refuses with an error naming the limit.
 * Single-threaded: owned by the island's logic thread.
 */
final class OrderIndex
{
    static final int SLOT_BYTES = 24;
    static final int SEGMENTS = 256;
    static final int LOAD_PERCENT = 60;
    static final int MIN_SEGMENT_CAPACITY = 1 << 6;
    static final int MAX_SEGMENT_CAPACITY = 1 << 18;
    static final long MAX_ENTRIES = (long)SEGMENTS * MAX_SEGMENT_CAPACITY * LOAD_PERCENT / 100;
    private static final int SEGMENT_SHIFT = Integer.SIZE - Integer.numberOfTrailingZeros(SEGMENTS);

    private final int maxSegmentCapacity;
    private final UnsafeBuffer[] tables = new UnsafeBuffer[SEGMENTS];
    private final int[] capacities = new int[SEGMENTS];
    private final int[] sizes = new int[SEGMENTS];
    private int size;

    OrderIndex()
    {
        this(MAX_SEGMENT_CAPACITY);
    }

    /**
     * @param maxSegmentCapacity most slots per segment, a power of two from {@value #MIN_SEGMENT_CAPACITY} to
     *                           {@value #MAX_SEGMENT_CAPACITY}.
     */
    OrderIndex(final int maxSegmentCapacity)
    {
        if (maxSegmentCapacity < MIN_SEGMENT_CAPACITY || maxSegmentCapacity > MAX_SEGMENT_CAPACITY ||
            Integer.bitCount(maxSegmentCapacity) != 1)
        {
            throw new IllegalArgumentException("maxSegmentCapacity must be a power of two in [" +
                MIN_SEGMENT_CAPACITY + ", " + MAX_SEGMENT_CAPACITY + "], was " + maxSegmentCapacity);
        }
        this.maxSegmentCapacity = maxSegmentCapacity;
        for (int s = 0; s < SEGMENTS; s++)
        {
            tables[s] = allocate(MIN_SEGMENT_CAPACITY);
            capacities[s] = MIN_SEGMENT_CAPACITY;
        }
    }

    /**
     * @param user the user's number at this island.
     * @param key  the order's key.
     * @return the order's archive address, or {@link OrderArchive#NO_RECORD}.
     */
    long get(final int user, final long key)
    {
        final int hash = hash(user, key);
        final int segment = hash >>> SEGMENT_SHIFT;
        final UnsafeBuffer t = tables[segment];
        final int mask = capacities[segment] - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            final int at = slot * SLOT_BYTES;
            final long stored = t.getLong(at + 16);
            if (0 == stored)
            {
                return OrderArchive.NO_RECORD;
            }
            if (t.getLong(at) == key && t.getInt(at + 8) == user)
            {
                return stored - 1;
            }
        }
    }

    /**
     * Adds an order, or moves an order already present to a new address.
     *
     * @param user    the user's number at this island.
     * @param key     the order's key.
     * @param address the order's archive address.
     * @throws IllegalStateException when the order's segment is full; nothing changes.
     */
    void put(final int user, final long key, final long address)
    {
        final int hash = hash(user, key);
        final int segment = hash >>> SEGMENT_SHIFT;
        if (sizes[segment] >= capacities[segment] * LOAD_PERCENT / 100 && OrderArchive.NO_RECORD == get(user, key))
        {
            grow(segment);
        }
        if (insert(tables[segment], capacities[segment], hash, user, key, address + 1))
        {
            sizes[segment]++;
            size++;
        }
    }

    /**
     * @return orders indexed.
     */
    int size()
    {
        return size;
    }

    /**
     * @return bytes the tables occupy.
     */
    long bytes()
    {
        long slots = 0;
        for (final int capacity : capacities)
        {
            slots += capacity;
        }
        return slots * SLOT_BYTES;
    }

    private static boolean insert(final UnsafeBuffer t, final int capacity, final int hash, final int user,
        final long key, final long storedAddress)
    {
        final int mask = capacity - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            final int at = slot * SLOT_BYTES;
            final long stored = t.getLong(at + 16);
            if (0 == stored)
            {
                t.putLong(at, key);
                t.putInt(at + 8, user);
                t.putLong(at + 16, storedAddress);
                return true;
            }
            if (t.getLong(at) == key && t.getInt(at + 8) == user)
            {
                t.putLong(at + 16, storedAddress);
                return false;
            }
        }
    }

    private void grow(final int segment)
    {
        final int oldCapacity = capacities[segment];
        if (oldCapacity >= maxSegmentCapacity)
        {
            throw new IllegalStateException("an island indexes at most " +
                (long)SEGMENTS * maxSegmentCapacity * LOAD_PERCENT / 100 + " decided orders (one of its " + SEGMENTS +
                " index segments is full at " + sizes[segment] + "); spread the users over more islands");
        }
        final UnsafeBuffer old = tables[segment];
        final int capacity = oldCapacity << 1;
        final UnsafeBuffer table = allocate(capacity);
        for (int slot = 0; slot < oldCapacity; slot++)
        {
            final int at = slot * SLOT_BYTES;
            final long stored = old.getLong(at + 16);
            if (0 != stored)
            {
                final int user = old.getInt(at + 8);
                final long key = old.getLong(at);
                insert(table, capacity, hash(user, key), user, key, stored);
            }
        }
        tables[segment] = table;
        capacities[segment] = capacity;
    }

    private static UnsafeBuffer allocate(final int capacity)
    {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(capacity * SLOT_BYTES));
    }

    private static int hash(final int user, final long key)
    {
        long h = key ^ (user * 0x9E3779B97F4A7C15L);
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        h ^= h >>> 32;
        return (int)h;
    }
}
