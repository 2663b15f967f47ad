package io.archipelago.router;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks that logins spread evenly over the islands.
 * <p>
 * Two checks run on the counts of one million logins {@code "user-" + i}. The chi-square statistic is compared
 * with the critical value at p = 0.001, which a uniform hash exceeds once in a thousand inputs. Each island's
 * count must also lie within 2% of the mean: for 64 islands the natural spread of a uniform hash is about 0.8%
 * per island, so that bound sits close to what chance produces and holds for this fixed input (largest deviation
 * 1.90%) as a regression guard rather than as a statistical test.
 */
class RoutingUniformityTest
{
    private static final int LOGINS = 1_000_000;
    private static final double MAX_RELATIVE_DEVIATION = 0.02;
    private static final double CHI_SQUARE_CRITICAL_DF_7 = 24.322;
    private static final double CHI_SQUARE_CRITICAL_DF_63 = 103.442;

    @Test
    void shouldSpreadLoginsEvenlyOverEightIslands()
    {
        assertUniform(countPerIsland(8), CHI_SQUARE_CRITICAL_DF_7);
    }

    @Test
    void shouldSpreadLoginsEvenlyOverSixtyFourIslands()
    {
        assertUniform(countPerIsland(64), CHI_SQUARE_CRITICAL_DF_63);
    }

    @Test
    void shouldDetectASkewedSpread()
    {
        final long[] counts = new long[8];
        Arrays.fill(counts, LOGINS / 8);
        counts[0] += 3_000;
        counts[1] -= 3_000;

        assertFalse(chiSquare(counts) < CHI_SQUARE_CRITICAL_DF_7, "chi-square should flag a 2.4% skew");
        assertFalse(maxRelativeDeviation(counts) <= MAX_RELATIVE_DEVIATION, "bound should flag a 2.4% skew");
    }

    private static long[] countPerIsland(final int partitions)
    {
        final PartitionRouter router = new PartitionRouter(partitions);
        final long[] counts = new long[partitions];
        for (int i = 0; i < LOGINS; i++)
        {
            counts[router.partitionOf("user-" + i)]++;
        }

        return counts;
    }

    private static void assertUniform(final long[] counts, final double chiSquareCritical)
    {
        final double chiSquare = chiSquare(counts);
        assertTrue(chiSquare < chiSquareCritical,
            "chi-square " + chiSquare + " over " + counts.length + " islands exceeds " + chiSquareCritical);

        final double deviation = maxRelativeDeviation(counts);
        assertTrue(deviation <= MAX_RELATIVE_DEVIATION,
            "an island's count deviates " + deviation * 100 + "% from the mean over " + counts.length + " islands");
    }

    private static double chiSquare(final long[] counts)
    {
        final double mean = mean(counts);
        double sum = 0;
        for (final long count : counts)
        {
            sum += (count - mean) * (count - mean) / mean;
        }

        return sum;
    }

    private static double maxRelativeDeviation(final long[] counts)
    {
        final double mean = mean(counts);
        double max = 0;
        for (final long count : counts)
        {
            max = Math.max(max, Math.abs(count - mean) / mean);
        }

        return max;
    }

    private static double mean(final long[] counts)
    {
        long total = 0;
        for (final long count : counts)
        {
            total += count;
        }

        return (double)total / counts.length;
    }
}
