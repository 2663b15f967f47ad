package io.archipelago.perf.report;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * {@code throughput.csv} as orders/s against island count. The engine, and any system measured at more than one
 * island, is a line with a point per island count: the median of its runs, with a bar from the slowest to the
 * fastest run. A system measured only without islands or at one island (a baseline) is a dashed horizontal line at
 * its median. Series are split by {@code durability} when the file holds more than one durability mode.
 */
final class ThroughputChart
{
    /**
     * Input file name.
     */
    static final String CSV = "throughput.csv";

    /**
     * Output file name.
     */
    static final String PNG = "throughput.png";

    private static final String ENGINE = "engine";

    private ThroughputChart()
    {
    }

    /**
     * @param csv the results.
     * @return the chart.
     * @throws IOException if a column is missing or a field malformed.
     */
    static JFreeChart create(final Csv csv) throws IOException
    {
        final int systemColumn = csv.column("system");
        final int islandsColumn = csv.column("islands");
        final int durabilityColumn = csv.column("durability");
        final int rateColumn = csv.column("orders_per_s");

        final Set<String> durabilities = new LinkedHashSet<>();
        for (int row = 0; row < csv.rows(); row++)
        {
            durabilities.add(csv.text(row, durabilityColumn));
        }
        final Map<String, TreeMap<Integer, Samples>> bySeries = new LinkedHashMap<>();
        final Map<String, Samples> everyRun = new LinkedHashMap<>();
        final Map<String, Boolean> scaling = new LinkedHashMap<>();
        int repeats = 1;
        for (int row = 0; row < csv.rows(); row++)
        {
            final String system = csv.text(row, systemColumn);
            final String label = durabilities.size() > 1 ? system + " (" + csv.text(row, durabilityColumn) + ")" :
                system;
            final int islands = csv.integer(row, islandsColumn);
            final Samples samples = bySeries.computeIfAbsent(label, (k) -> new TreeMap<>())
                .computeIfAbsent(islands, (k) -> new Samples());
            final double rate = csv.number(row, rateColumn);
            samples.add(rate);
            everyRun.computeIfAbsent(label, (k) -> new Samples()).add(rate);
            repeats = Math.max(repeats, samples.count());
            scaling.merge(label, ENGINE.equals(system) || islands > 1, Boolean::logicalOr);
        }

        int lowest = Integer.MAX_VALUE;
        int highest = 0;
        for (final Map.Entry<String, TreeMap<Integer, Samples>> series : bySeries.entrySet())
        {
            if (scaling.get(series.getKey()))
            {
                for (final int islands : series.getValue().keySet())
                {
                    if (islands >= 1)
                    {
                        lowest = Math.min(lowest, islands);
                        highest = Math.max(highest, islands);
                    }
                }
            }
        }
        if (0 == highest)
        {
            lowest = 1;
            highest = 64;
        }
        final double left = ChartStyle.islandsLowerBound(lowest);
        final double right = ChartStyle.islandsUpperBound(highest);

        final YIntervalSeriesCollection lines = new YIntervalSeriesCollection();
        final XYSeriesCollection baselines = new XYSeriesCollection();
        final XYErrorRenderer lineRenderer = new XYErrorRenderer();
        lineRenderer.setDrawXError(false);
        lineRenderer.setCapLength(8.0);
        lineRenderer.setDefaultShapesVisible(true);
        lineRenderer.setDefaultLinesVisible(true);
        final XYLineAndShapeRenderer baselineRenderer = new XYLineAndShapeRenderer(true, false);
        int colour = 0;
        for (final Map.Entry<String, TreeMap<Integer, Samples>> series : bySeries.entrySet())
        {
            final String label = series.getKey();
            if (scaling.get(label))
            {
                final YIntervalSeries line = new YIntervalSeries(label);
                for (final Map.Entry<Integer, Samples> point : series.getValue().entrySet())
                {
                    if (point.getKey() >= 1)
                    {
                        final Samples samples = point.getValue();
                        line.add(point.getKey(), samples.median(), samples.min(), samples.max());
                    }
                }
                lineRenderer.setSeriesPaint(lines.getSeriesCount(), ChartStyle.colour(colour++));
                lineRenderer.setSeriesStroke(lines.getSeriesCount(), ChartStyle.SOLID);
                lines.addSeries(line);
            }
            else
            {
                final double median = everyRun.get(label).median();
                final XYSeries baseline = new XYSeries(label + " (baseline)");
                baseline.add(left, median);
                baseline.add(right, median);
                baselineRenderer.setSeriesPaint(baselines.getSeriesCount(), ChartStyle.colour(colour++));
                baselineRenderer.setSeriesStroke(baselines.getSeriesCount(), ChartStyle.DASHED);
                baselines.addSeries(baseline);
            }
        }

        final NumberAxis rate = ChartStyle.linearAxis("throughput (orders/s)");
        final XYPlot plot = ChartStyle.plot(ChartStyle.islandsAxis(lowest, highest), rate);
        plot.setDataset(0, lines);
        plot.setRenderer(0, lineRenderer);
        plot.setDataset(1, baselines);
        plot.setRenderer(1, baselineRenderer);
        final StringBuilder subtitle = new StringBuilder();
        if (1 == durabilities.size())
        {
            subtitle.append("durability ").append(durabilities.iterator().next()).append("; ");
        }
        subtitle.append(repeats > 1 ? "median of up to " + repeats + " runs, bars from slowest to fastest run" :
            "one run per point");
        return ChartStyle.chart("Order throughput by island count", subtitle.toString(), plot);
    }
}
