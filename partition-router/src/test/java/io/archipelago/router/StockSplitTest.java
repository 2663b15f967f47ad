package io.archipelago.router;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StockSplitTest
{
    private static final long SEED = 7_919L;
    private static final int RANDOM_CASES = 2_000;

    @Test
    void shouldGiveLeftoverUnitsToTheLowestIndexes()
    {
        assertEquals(4, StockSplit.share(10, 3, 0));
        assertEquals(3, StockSplit.share(10, 3, 1));
        assertEquals(3, StockSplit.share(10, 3, 2));
    }

    @Test
    void shouldSplitEvenlyWhenUnitsDivideExactly()
    {
        for (int index = 0; index < 8; index++)
        {
            assertEquals(125, StockSplit.share(1_000, 8, index));
        }
    }

    @Test
    void shouldGiveZeroUnitsWhenThereAreNone()
    {
        for (int index = 0; index < 64; index++)
        {
            assertEquals(0, StockSplit.share(0, 64, index));
        }
    }

    @Test
    void shouldGiveEverythingToTheOnlyPartition()
    {
        assertEquals(Long.MAX_VALUE, StockSplit.share(Long.MAX_VALUE, 1, 0));
        assertEquals(17, StockSplit.share(17, 1, 0));
    }

    @Test
    void shouldSplitFewerUnitsThanPartitionsOneEach()
    {
        assertEquals(1, StockSplit.share(3, 8, 0));
        assertEquals(1, StockSplit.share(3, 8, 2));
        assertEquals(0, StockSplit.share(3, 8, 3));
        assertEquals(0, StockSplit.share(3, 8, 7));
    }

    @Test
    void shouldSumExactlyToUnitsAtTheExtremes()
    {
        for (final long units : new long[]{0, 1, 65535, 65536, 65537, Long.MAX_VALUE - 1, Long.MAX_VALUE})
        {
            for (final int partitions : new int[]{1, 2, 3, 7, 8, 63, 64, 65535, 65536})
            {
                assertExactFairSplit(units, partitions);
            }
        }
    }

    @Test
    void shouldSumExactlyAndStayWithinOneUnitForRandomSplits()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < RANDOM_CASES; i++)
        {
            final long units = switch (random.nextInt(3))
            {
                case 0 -> random.nextLong(1_000);
                case 1 -> random.nextLong(1_000_000_000L);
                default -> random.nextLong(Long.MAX_VALUE) + random.nextInt(2);
            };
            final int partitions = random.nextInt(4) == 0 ? 1 + random.nextInt(65536) : 1 + random.nextInt(128);

            assertExactFairSplit(units, partitions);
        }
    }

    @Test
    void shouldRejectNegativeUnits()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> StockSplit.share(-1, 8, 0));
        assertEquals("units must be >= 0 but was -1", ex.getMessage());
    }

    @Test
    void shouldRejectNonPositivePartitionCount()
    {
        assertEquals("partitions must be >= 1 but was 0",
            assertThrows(IllegalArgumentException.class, () -> StockSplit.share(10, 0, 0)).getMessage());
        assertEquals("partitions must be >= 1 but was -3",
            assertThrows(IllegalArgumentException.class, () -> StockSplit.share(10, -3, 0)).getMessage());
    }

    @Test
    void shouldRejectIndexOutsideThePartitions()
    {
        assertEquals("index must be in [0, 8) but was -1",
            assertThrows(IllegalArgumentException.class, () -> StockSplit.share(10, 8, -1)).getMessage());
        assertEquals("index must be in [0, 8) but was 8",
            assertThrows(IllegalArgumentException.class, () -> StockSplit.share(10, 8, 8)).getMessage());
    }

    private static void assertExactFairSplit(final long units, final int partitions)
    {
        long sum = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long previous = Long.MAX_VALUE;
        for (int index = 0; index < partitions; index++)
        {
            final long share = StockSplit.share(units, partitions, index);
            assertTrue(share <= previous, "shares must not grow with the index: units=" + units +
                ", partitions=" + partitions + ", index=" + index);
            sum = Math.addExact(sum, share);
            min = Math.min(min, share);
            max = Math.max(max, share);
            previous = share;
        }

        assertEquals(units, sum, "sum of shares for units=" + units + ", partitions=" + partitions);
        assertTrue(max - min <= 1, "shares differ by " + (max - min) + " for units=" + units +
            ", partitions=" + partitions);
    }
}
