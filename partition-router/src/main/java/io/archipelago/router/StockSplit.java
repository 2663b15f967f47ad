package io.archipelago.router;

/**
 * Splits a product's units over the partitions so that every island can compute its own allocation alone.
 * <p>
 * Partition {@code index} gets {@code units / partitions}, plus one of the {@code units % partitions}
 * leftover units if {@code index} is below that remainder. The shares therefore sum to exactly {@code units}
 * and differ from each other by at most one.
 */
public final class StockSplit
{
    private StockSplit()
    {
    }

    /**
     * @param units      total units to split, {@code >= 0}.
     * @param partitions number of partitions, {@code >= 1}.
     * @param index      the partition whose share is wanted, in {@code [0, partitions)}.
     * @return the share of partition {@code index}.
     * @throws IllegalArgumentException if an argument is out of range.
     */
    public static long share(final long units, final int partitions, final int index)
    {
        if (units < 0)
        {
            throw new IllegalArgumentException("units must be >= 0 but was " + units);
        }
        if (partitions < 1)
        {
            throw new IllegalArgumentException("partitions must be >= 1 but was " + partitions);
        }
        if (index < 0 || index >= partitions)
        {
            throw new IllegalArgumentException(
                "index must be in [0, " + partitions + ") but was " + index);
        }

        return units / partitions + (index < units % partitions ? 1 : 0);
    }
}
