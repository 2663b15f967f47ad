package io.archipelago.perf.report;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code replay.csv} as records replayed per second, over all islands, against island count: one line per
 * {@code replay_threads} value, and a dashed line of the raw Chronicle read rate of one thread reading one island's
 * journal ({@code raw_read_records_per_s_per_island}), the most one replay thread can reach. Each point is the
 * median of its runs; rows with fewer than one island are left out.
 */
final class ReplayChart
{
    /**
     * Input file name.
     */
    static final String CSV = "replay.csv";

    /**
     * Output file name.
     */
    static final String PNG = "replay.png";

    private ReplayChart()
    {
    }

    /**
     * @param csv the results.
     * @return the chart.
     * @throws IOException if a column is missing or a field malformed.
     */
    static JFreeChart create(final Csv csv) throws IOException
    {
        final int islandsColumn = csv.column("islands");
        final int threadsColumn = csv.column("replay_threads");
        final int rateColumn = csv.column("records_per_s");
        final int rawColumn = csv.column("raw_read_records_per_s_per_island");

        final Map<Integer, TreeMap<Integer, Samples>> byThreads = new TreeMap<>();
        final TreeMap<Integer, Samples> raw = new TreeMap<>();
        int lowest = Integer.MAX_VALUE;
        int highest = 0;
        int repeats = 1;
        for (int row = 0; row < csv.rows(); row++)
        {
            final int islands = csv.integer(row, islandsColumn);
            if (islands < 1)
            {
                continue;
            }
            final Samples samples = byThreads.computeIfAbsent(csv.integer(row, threadsColumn), (k) -> new TreeMap<>())
                .computeIfAbsent(islands, (k) -> new Samples());
            samples.add(csv.number(row, rateColumn));
            repeats = Math.max(repeats, samples.count());
            raw.computeIfAbsent(islands, (k) -> new Samples()).add(csv.number(row, rawColumn));
            lowest = Math.min(lowest, islands);
            highest = Math.max(highest, islands);
        }
        if (0 == highest)
        {
            lowest = 1;
            highest = 64;
        }

        final XYSeriesCollection dataset = new XYSeriesCollection();
        final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (final Map.Entry<Integer, TreeMap<Integer, Samples>> threads : byThreads.entrySet())
        {
            final int count = threads.getKey();
            final XYSeries series = new XYSeries("replay, " + count + (1 == count ? " thread" : " threads"));
            for (final Map.Entry<Integer, Samples> point : threads.getValue().entrySet())
            {
                series.add(point.getKey().doubleValue(), point.getValue().median());
            }
            renderer.setSeriesPaint(dataset.getSeriesCount(), ChartStyle.colour(dataset.getSeriesCount()));
            renderer.setSeriesStroke(dataset.getSeriesCount(), ChartStyle.SOLID);
            dataset.addSeries(series);
        }
        final XYSeries ceiling = new XYSeries("raw Chronicle read, 1 thread (1-thread ceiling)");
        for (final Map.Entry<Integer, Samples> point : raw.entrySet())
        {
            ceiling.add(point.getKey().doubleValue(), point.getValue().median());
        }
        final int last = dataset.getSeriesCount();
        renderer.setSeriesPaint(last, ChartStyle.colour(7));
        renderer.setSeriesStroke(last, ChartStyle.DASHED);
        renderer.setSeriesShapesVisible(last, false);
        dataset.addSeries(ceiling);

        final XYPlot plot = ChartStyle.plot(ChartStyle.islandsAxis(lowest, highest),
            ChartStyle.linearAxis("replay rate, all islands (records/s)"));
        plot.setDataset(dataset);
        plot.setRenderer(renderer);
        final String subtitle = repeats > 1 ? "median of up to " + repeats + " runs per point" : "one run per point";
        return ChartStyle.chart("Journal replay rate by island count", subtitle, plot);
    }
}
