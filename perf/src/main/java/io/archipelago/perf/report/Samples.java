package io.archipelago.perf.report;

import java.util.Arrays;

/**
 * The values measured for one point of a chart, one per repeated run: plotted as their median, with their minimum
 * and maximum as the spread.
 */
final class Samples
{
    private double[] values = new double[4];
    private int count;

    /**
     * @param value one run's measurement.
     */
    void add(final double value)
    {
        if (count == values.length)
        {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = value;
    }

    /**
     * @return number of runs.
     */
    int count()
    {
        return count;
    }

    /**
     * @return the median; the mean of the middle two for an even count.
     */
    double median()
    {
        final double[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        final int middle = count / 2;
        return (count & 1) == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /**
     * @return the smallest value.
     */
    double min()
    {
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < count; i++)
        {
            min = Math.min(min, values[i]);
        }
        return min;
    }

    /**
     * @return the largest value.
     */
    double max()
    {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++)
        {
            max = Math.max(max, values[i]);
        }
        return max;
    }
}
