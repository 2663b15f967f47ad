package io.archipelago.engine.stream;

import java.util.Arrays;

/**
 * A growable run of index entries in memory (parallel primitive arrays), appended in island-sequence order and
 * sorted by user hash on demand with a stable sort, so each user's entries stay in sequence order.
 */
final class IndexEntries
{
    private long[] hashes = new long[1024];
    private long[] sequences = new long[1024];
    private long[] journalIndexes = new long[1024];
    private long[] eventIndexes = new long[1024];
    private int[] flags = new int[1024];
    private int size;

    int size()
    {
        return size;
    }

    void clear()
    {
        size = 0;
    }

    void add(final long hash, final long sequence, final long journalIndex, final long eventIndex, final int flag)
    {
        if (size == hashes.length)
        {
            final int capacity = size * 2;
            hashes = Arrays.copyOf(hashes, capacity);
            sequences = Arrays.copyOf(sequences, capacity);
            journalIndexes = Arrays.copyOf(journalIndexes, capacity);
            eventIndexes = Arrays.copyOf(eventIndexes, capacity);
            flags = Arrays.copyOf(flags, capacity);
        }
        hashes[size] = hash;
        sequences[size] = sequence;
        journalIndexes[size] = journalIndex;
        eventIndexes[size] = eventIndex;
        flags[size] = flag;
        size++;
    }

    long hash(final int i)
    {
        return hashes[i];
    }

    long sequence(final int i)
    {
        return sequences[i];
    }

    long journalIndex(final int i)
    {
        return journalIndexes[i];
    }

    long eventIndex(final int i)
    {
        return eventIndexes[i];
    }

    int flags(final int i)
    {
        return flags[i];
    }

    /**
     * @return the positions of the entries ordered by hash (as {@link Long#compare} orders them); entries of one hash
     *         keep the order they were added in (a least-significant-byte-first radix sort, which is stable).
     */
    int[] sortedByHash()
    {
        int[] order = new int[size];
        if (size == 0)
        {
            return order;
        }
        int[] spare = new int[size];
        long[] keys = new long[size];
        long[] spareKeys = new long[size];
        for (int i = 0; i < size; i++)
        {
            order[i] = i;
            keys[i] = hashes[i] ^ Long.MIN_VALUE;
        }
        final int[] counts = new int[257];
        for (int shift = 0; shift < Long.SIZE; shift += Byte.SIZE)
        {
            java.util.Arrays.fill(counts, 0);
            for (int i = 0; i < size; i++)
            {
                counts[(int)((keys[i] >>> shift) & 0xFF) + 1]++;
            }
            if (counts[(int)((keys[0] >>> shift) & 0xFF) + 1] == size)
            {
                continue;
            }
            for (int b = 0; b < 256; b++)
            {
                counts[b + 1] += counts[b];
            }
            for (int i = 0; i < size; i++)
            {
                final int to = counts[(int)((keys[i] >>> shift) & 0xFF)]++;
                spare[to] = order[i];
                spareKeys[to] = keys[i];
            }
            final int[] swapOrder = order;
            order = spare;
            spare = swapOrder;
            final long[] swapKeys = keys;
            keys = spareKeys;
            spareKeys = swapKeys;
        }
        return order;
    }
}
