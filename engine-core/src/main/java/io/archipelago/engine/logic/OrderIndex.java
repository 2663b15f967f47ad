package io.archipelago.engine.logic;

import java.nio.ByteBuffer;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Where each decided order of an island is in its {@link OrderArchive}: one island-wide open-addressing table
 * (linear probing) from (user number, order key) to archive address, in one block of memory outside the Java heap.
 * One table instead of a map per user means one probe into one array instead of a walk through a user's map object
 * and its arrays, and nothing for the garbage collector to trace or copy. Entries are only ever added: decided orders
 * stay decided (a cancellation changes the record, not its address).
 * <pre>
 *   0                                                               63
 *   +---------------------------------------------------------------+
 *   | order key ({@link InventoryLogic#mapKey} of the order id)     |  0
 *   | user number(32), unused(32)                                   |  8
 *   | archive address + 1 (0 = empty slot)                          | 16
 *   +---------------------------------------------------------------+
 * </pre>
 * The table doubles when it is {@value #LOAD_PERCENT}% full (a rehash of every entry, on the island thread); it holds
 * at most {@link #MAX_ENTRIES} orders, beyond which {@link #put} refuses with an error naming the limit.
 * Single-threaded: owned by the island's logic thread.
 */
final class OrderIndex
{
    static final int SLOT_BYTES = 24;
    static final int MAX_CAPACITY = 1 << 26;
    static final int LOAD_PERCENT = 60;
    static final int MAX_ENTRIES = (int)((long)MAX_CAPACITY * LOAD_PERCENT / 100);
    static final int MIN_CAPACITY = 1 << 10;

    private final int maxCapacity;
    private UnsafeBuffer table;
    private int capacity;
    private int size;
    private int resizeAt;

    OrderIndex()
    {
        this(MAX_CAPACITY);
    }

    /**
     * @param maxCapacity most slots, a power of two from {@value #MIN_CAPACITY} to {@link #MAX_CAPACITY}.
     */
    OrderIndex(final int maxCapacity)
    {
        if (maxCapacity < MIN_CAPACITY || maxCapacity > MAX_CAPACITY || Integer.bitCount(maxCapacity) != 1)
        {
            throw new IllegalArgumentException("maxCapacity must be a power of two in [" + MIN_CAPACITY + ", " +
                MAX_CAPACITY + "], was " + maxCapacity);
        }
        this.maxCapacity = maxCapacity;
        allocate(MIN_CAPACITY);
    }

    /**
     * @param user  the user's number at this island.
     * @param key   the order's key.
     * @return the order's archive address, or {@link OrderArchive#NO_RECORD}.
     */
    long get(final int user, final long key)
    {
        final UnsafeBuffer t = table;
        final int mask = capacity - 1;
        for (int slot = hash(user, key) & mask; ; slot = (slot + 1) & mask)
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
     * @throws IllegalStateException when the table is full ({@link #MAX_ENTRIES} orders by default); nothing changes.
     */
    void put(final int user, final long key, final long address)
    {
        if (size >= resizeAt && OrderArchive.NO_RECORD == get(user, key))
        {
            grow();
        }
        if (insert(table, capacity, user, key, address + 1))
        {
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
     * @return bytes the table occupies.
     */
    long bytes()
    {
        return (long)capacity * SLOT_BYTES;
    }

    private static boolean insert(final UnsafeBuffer t, final int capacity, final int user, final long key,
        final long storedAddress)
    {
        final int mask = capacity - 1;
        for (int slot = hash(user, key) & mask; ; slot = (slot + 1) & mask)
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

    private void grow()
    {
        if (capacity >= maxCapacity)
        {
            throw new IllegalStateException("an island indexes at most " + (long)maxCapacity * LOAD_PERCENT / 100 +
                " decided orders; spread the users over more islands");
        }
        final UnsafeBuffer old = table;
        final int oldCapacity = capacity;
        allocate(oldCapacity << 1);
        for (int slot = 0; slot < oldCapacity; slot++)
        {
            final int at = slot * SLOT_BYTES;
            final long stored = old.getLong(at + 16);
            if (0 != stored)
            {
                insert(table, capacity, old.getInt(at + 8), old.getLong(at), stored);
            }
        }
    }

    private void allocate(final int newCapacity)
    {
        table = new UnsafeBuffer(ByteBuffer.allocateDirect(newCapacity * SLOT_BYTES));
        capacity = newCapacity;
        resizeAt = (int)((long)newCapacity * LOAD_PERCENT / 100);
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
