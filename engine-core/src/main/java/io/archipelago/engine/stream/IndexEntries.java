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
     * @return the positions of the entries ordered by hash; entries of one hash keep the order they were added in.
     */
    int[] sortedByHash()
    {
        final int[] order = new int[size];
        for (int i = 0; i < size; i++)
        {
            order[i] = i;
        }
        final int[] scratch = new int[size];
        mergeSort(order, scratch, 0, size);
        return order;
    }

    private void mergeSort(final int[] a, final int[] scratch, final int from, final int to)
    {
        if (to - from < 2)
        {
            return;
        }
        final int middle = (from + to) >>> 1;
        mergeSort(a, scratch, from, middle);
        mergeSort(a, scratch, middle, to);
        if (Long.compare(hashes[a[middle - 1]], hashes[a[middle]]) <= 0)
        {
            return;
        }
        System.arraycopy(a, from, scratch, from, to - from);
        int left = from;
        int right = middle;
        for (int i = from; i < to; i++)
        {
            if (right >= to || (left < middle && Long.compare(hashes[scratch[left]], hashes[scratch[right]]) <= 0))
            {
                a[i] = scratch[left++];
            }
            else
            {
                a[i] = scratch[right++];
            }
        }
    }
}
