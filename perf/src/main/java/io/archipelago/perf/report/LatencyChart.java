package io.archipelago.perf.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.LengthAdjustmentType;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code latency.csv} as latency percentiles against offered rate, on a log latency axis, one chart per system:
 * {@code latency.png} for the engine and {@code latency-<system>.png} for any other; a system measured at several
 * island counts gets one chart per count, {@code latency[-<system>]-<islands>-islands.png}. Each percentile line
 * joins the medians of the runs at each rate. A rate that some run did not hold ({@code held=false}) has hollow
 * points and a shaded band. Dashed lines in the colour of their percentile mark the p99 target of 100 &micro;s and
 * the p99.99 target of 2,000 &micro;s.
 * Latencies of zero or less cannot sit on a log axis and are left out.
 */
final class LatencyChart
{
    /**
     * Input file name.
     */
    static final String CSV = "latency.csv";

    /**
     * Output file name for the engine.
     */
    static final String PNG = "latency.png";

    private static final String ENGINE = "engine";
    private static final double P99_TARGET_MICROS = 100.0;
    private static final double P9999_TARGET_MICROS = 2_000.0;
    private static final String[] PERCENTILE_COLUMNS = { "p50_us", "p99_us", "p999_us", "p9999_us", "max_us" };
    private static final String[] PERCENTILE_LABELS = { "p50", "p99", "p99.9", "p99.99", "max" };
    private static final Color NOT_HELD = new Color(0xD62728);
    private static final int P99 = 1;
    private static final int P9999 = 3;
    private static final Stroke TARGET_STROKE = new BasicStroke(
        1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10.0f, new float[]{ 6.0f, 4.0f }, 0.0f);
    private static final Font TARGET_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Color INVISIBLE = new Color(0, 0, 0, 0);
    private static final Color LABEL_BACKGROUND = new Color(255, 255, 255, 210);

    private LatencyChart()
    {
    }

    /**
     * @param csv the results.
     * @return each chart by the PNG file name it belongs in, engine first.
     * @throws IOException if a column is missing or a field malformed.
     */
    static Map<String, JFreeChart> create(final Csv csv) throws IOException
    {
        final int systemColumn = csv.column("system");
        final int islandsColumn = csv.column("islands");
        final int offeredColumn = csv.column("offered_per_s");
        final int heldColumn = csv.column("held");
        final int[] percentileColumns = new int[PERCENTILE_COLUMNS.length];
        for (int i = 0; i < percentileColumns.length; i++)
        {
            percentileColumns[i] = csv.column(PERCENTILE_COLUMNS[i]);
        }

        final Map<String, TreeMap<Integer, TreeMap<Double, Rate>>> bySystem = new LinkedHashMap<>();
        bySystem.put(ENGINE, new TreeMap<>());
        for (int row = 0; row < csv.rows(); row++)
        {
            final Rate rate = bySystem.computeIfAbsent(csv.text(row, systemColumn), (k) -> new TreeMap<>())
                .computeIfAbsent(csv.integer(row, islandsColumn), (k) -> new TreeMap<>())
                .computeIfAbsent(csv.number(row, offeredColumn), (k) -> new Rate());
            rate.held &= csv.bool(row, heldColumn);
            for (int i = 0; i < percentileColumns.length; i++)
            {
                rate.micros[i].add(csv.number(row, percentileColumns[i]));
            }
        }

        final Map<String, JFreeChart> charts = new LinkedHashMap<>();
        for (final Map.Entry<String, TreeMap<Integer, TreeMap<Double, Rate>>> system : bySystem.entrySet())
        {
            final String name = system.getKey();
            if (system.getValue().isEmpty())
            {
                continue;
            }
            final String stem = ENGINE.equals(name) ? "latency" : "latency-" + fileSafe(name);
            final boolean several = system.getValue().size() > 1;
            for (final Map.Entry<Integer, TreeMap<Double, Rate>> islands : system.getValue().entrySet())
            {
                final String file = several ? stem + "-" + islands.getKey() + "-islands.png" : stem + ".png";
                charts.put(file, chart(name, islands.getKey(), islands.getValue()));
            }
        }
        return charts;
    }

    private static JFreeChart chart(final String system, final int islands, final TreeMap<Double, Rate> rates)
    {
        final XYSeriesCollection dataset = new XYSeriesCollection();
        double lowest = P99_TARGET_MICROS;
        double highest = P9999_TARGET_MICROS;
        int repeats = 1;
        for (int i = 0; i < PERCENTILE_LABELS.length; i++)
        {
            final XYSeries series = new XYSeries(PERCENTILE_LABELS[i]);
            for (final Map.Entry<Double, Rate> rate : rates.entrySet())
            {
                final Samples samples = rate.getValue().micros[i];
                repeats = Math.max(repeats, samples.count());
                final double micros = samples.median();
                if (micros > 0)
                {
                    series.add(rate.getKey().doubleValue(), micros);
                    lowest = Math.min(lowest, micros);
                    highest = Math.max(highest, micros);
                }
            }
            dataset.addSeries(series);
        }

        final Set<Double> notHeld = new HashSet<>();
        for (final Map.Entry<Double, Rate> rate : rates.entrySet())
        {
            if (!rate.getValue().held)
            {
                notHeld.add(rate.getKey());
            }
        }
        final HeldPointRenderer renderer = new HeldPointRenderer(dataset, notHeld);
        for (int i = 0; i < PERCENTILE_LABELS.length; i++)
        {
            renderer.setSeriesPaint(i, ChartStyle.colour(i));
            renderer.setSeriesStroke(i, ChartStyle.SOLID);
        }

        final NumberAxis offered = ChartStyle.linearAxis("offered rate (orders/s)");
        offered.setAutoRangeIncludesZero(false);
        final LogAxis latency = new LogAxis("latency (" + ChartStyle.MICROS + ", log\u2081\u2080 scale)");
        latency.setBase(10.0);
        latency.setTickUnit(new NumberTickUnit(1.0), false, false);
        latency.setAutoTickUnitSelection(false);
        latency.setMinorTickMarksVisible(false);
        latency.setNumberFormatOverride(ChartStyle.wholeNumbers());
        latency.setRange(lowest / 2.0, highest * 2.0);

        final XYPlot plot = ChartStyle.plot(offered, latency);
        plot.setDataset(dataset);
        plot.setRenderer(renderer);
        addTarget(plot, P99_TARGET_MICROS, "p99 target, 100 " + ChartStyle.MICROS, ChartStyle.colour(P99));
        addTarget(plot, P9999_TARGET_MICROS, "p99.99 target, 2,000 " + ChartStyle.MICROS,
            ChartStyle.colour(P9999));
        for (final IntervalMarker band : notHeldBands(rates))
        {
            plot.addDomainMarker(band, Layer.BACKGROUND);
        }

        final LegendItemCollection legend = plot.getLegendItems();
        if (!notHeld.isEmpty())
        {
            legend.add(new LegendItem("offered rate not held", null, null, null, true,
                new Ellipse2D.Double(-4.0, -4.0, 8.0, 8.0), false, Color.WHITE, true, NOT_HELD, new BasicStroke(1.5f),
                false, new Line2D.Double(), ChartStyle.SOLID, NOT_HELD));
        }
        plot.setFixedLegendItems(legend);

        final String title = "Order latency by offered rate: " + system +
            (islands > 0 ? ", " + islands + (1 == islands ? " island" : " islands") : "");
        final String subtitle = (repeats > 1 ? "median of up to " + repeats + " runs per rate" : "one run per rate") +
            (notHeld.isEmpty() ? "; every offered rate held" : "; hollow points in a red band: offered rate not held");
        return ChartStyle.chart(title, subtitle, plot);
    }

    private static void addTarget(final XYPlot plot, final double micros, final String label, final Color colour)
    {
        plot.addRangeMarker(new ValueMarker(micros, colour, TARGET_STROKE), Layer.BACKGROUND);
        final ValueMarker text = new ValueMarker(micros, INVISIBLE, TARGET_STROKE);
        text.setLabel(label);
        text.setLabelFont(TARGET_FONT);
        text.setLabelPaint(colour);
        text.setLabelBackgroundColor(LABEL_BACKGROUND);
        text.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        text.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        text.setLabelOffsetType(LengthAdjustmentType.EXPAND);
        text.setLabelOffset(new RectangleInsets(2.0, 6.0, 2.0, 6.0));
        plot.addRangeMarker(text, Layer.FOREGROUND);
    }

    private static List<IntervalMarker> notHeldBands(final TreeMap<Double, Rate> rates)
    {
        final double[] offered = new double[rates.size()];
        final boolean[] held = new boolean[rates.size()];
        int n = 0;
        for (final Map.Entry<Double, Rate> rate : rates.entrySet())
        {
            offered[n] = rate.getKey();
            held[n++] = rate.getValue().held;
        }
        final List<IntervalMarker> bands = new ArrayList<>();
        int i = 0;
        while (i < n)
        {
            if (held[i])
            {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < n && !held[j + 1])
            {
                j++;
            }
            final double from = offered[i] - halfGap(offered, 0 == i ? i : i - 1);
            final double to = offered[j] + halfGap(offered, n - 1 == j ? j - 1 : j);
            final IntervalMarker band = new IntervalMarker(from, to, NOT_HELD, new BasicStroke(1.0f), null, null,
                0.08f);
            bands.add(band);
            i = j + 1;
        }
        return bands;
    }

    private static double halfGap(final double[] offered, final int below)
    {
        return below < 0 || below + 1 >= offered.length ? 0.0 : (offered[below + 1] - offered[below]) / 2.0;
    }

    private static String fileSafe(final String name)
    {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * The runs at one offered rate.
     */
    private static final class Rate
    {
        private final Samples[] micros = new Samples[PERCENTILE_COLUMNS.length];
        private boolean held = true;

        private Rate()
        {
            for (int i = 0; i < micros.length; i++)
            {
                micros[i] = new Samples();
            }
        }
    }

    /**
     * Draws the point of a rate that was not held hollow.
     */
    private static final class HeldPointRenderer extends XYLineAndShapeRenderer
    {
        private final XYDataset dataset;
        private final Set<Double> notHeld;

        private HeldPointRenderer(final XYDataset dataset, final Set<Double> notHeld)
        {
            super(true, true);
            this.dataset = dataset;
            this.notHeld = notHeld;
        }

        @Override
        public boolean getItemShapeFilled(final int series, final int item)
        {
            return !notHeld.contains(dataset.getXValue(series, item));
        }
    }
}
