package io.archipelago.perf.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.Locale;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/**
 * What every result chart shares: size, fonts, colours, line strokes and the island-count axis.
 */
final class ChartStyle
{
    /**
     * Width of every PNG in pixels.
     */
    static final int WIDTH = 800;

    /**
     * Height of every PNG in pixels.
     */
    static final int HEIGHT = 500;

    /**
     * Unit suffix for microseconds.
     */
    static final String MICROS = "\u00b5s";

    /**
     * Line for a measured series.
     */
    static final Stroke SOLID = new BasicStroke(2.0f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);

    /**
     * Line for a reference: a baseline, a ceiling or a target.
     */
    static final Stroke DASHED = new BasicStroke(
        2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10.0f, new float[]{ 8.0f, 6.0f }, 0.0f);

    private static final Color[] PALETTE =
    {
        new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0xD62728),
        new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F),
        new Color(0xBCBD22), new Color(0x17BECF),
    };

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font SUBTITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Color GRID = new Color(0xDDDDDD);

    private ChartStyle()
    {
    }

    /**
     * @param index series number.
     * @return its colour; the palette repeats after ten.
     */
    static Color colour(final int index)
    {
        return PALETTE[index % PALETTE.length];
    }

    /**
     * @return whole numbers with thousands separators, the same on every machine.
     */
    static NumberFormat wholeNumbers()
    {
        return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
    }

    /**
     * @param label axis label, with its unit.
     * @return a linear axis with thousands separators.
     */
    static NumberAxis linearAxis(final String label)
    {
        final NumberAxis axis = new NumberAxis(label);
        axis.setNumberFormatOverride(wholeNumbers());
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.ROOT));
        return axis;
    }

    /**
     * A base 2 log axis for island counts, with a tick at every power of two from {@code lowest} to
     * {@code highest} and a quarter of a doubling to spare on each side.
     *
     * @param lowest  smallest island count plotted, at least 1.
     * @param highest largest island count plotted.
     * @return the axis.
     */
    static LogAxis islandsAxis(final double lowest, final double highest)
    {
        final LogAxis axis = new LogAxis("islands (log\u2082 scale)");
        axis.setBase(2.0);
        axis.setTickUnit(new NumberTickUnit(1.0), false, false);
        axis.setAutoTickUnitSelection(false);
        axis.setMinorTickMarksVisible(false);
        axis.setNumberFormatOverride(wholeNumbers());
        axis.setRange(islandsLowerBound(lowest), islandsUpperBound(highest));
        return axis;
    }

    /**
     * @param lowest smallest island count plotted.
     * @return where the islands axis starts.
     */
    static double islandsLowerBound(final double lowest)
    {
        return lowest / Math.pow(2.0, 0.25);
    }

    /**
     * @param highest largest island count plotted.
     * @return where the islands axis ends.
     */
    static double islandsUpperBound(final double highest)
    {
        return highest * Math.pow(2.0, 0.25);
    }

    /**
     * @param domain x axis.
     * @param range  y axis.
     * @return a plot on a white background with light grid lines.
     */
    static XYPlot plot(final ValueAxis domain, final ValueAxis range)
    {
        final XYPlot plot = new XYPlot();
        plot.setDomainAxis(domain);
        plot.setRangeAxis(range);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.GRAY);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1.0f));
        plot.setRangeGridlineStroke(new BasicStroke(1.0f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        for (final ValueAxis axis : new ValueAxis[]{ domain, range })
        {
            axis.setLabelFont(LABEL_FONT);
            axis.setTickLabelFont(TICK_FONT);
            axis.setTickLabelPaint(Color.DARK_GRAY);
        }
        return plot;
    }

    /**
     * @param title    chart title.
     * @param subtitle a line of detail under the title, or {@code null}.
     * @param plot     from {@link #plot(ValueAxis, ValueAxis)} with its data and renderers.
     * @return the chart, white, legend at the bottom.
     */
    static JFreeChart chart(final String title, final String subtitle, final XYPlot plot)
    {
        final JFreeChart chart = new JFreeChart(title, TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (null != subtitle)
        {
            final TextTitle line = new TextTitle(subtitle, SUBTITLE_FONT);
            line.setPaint(Color.DARK_GRAY);
            chart.addSubtitle(line);
        }
        chart.getLegend().setItemFont(LEGEND_FONT);
        chart.getLegend().setBackgroundPaint(Color.WHITE);
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        return chart;
    }

    /**
     * @param chart to render.
     * @param file  PNG to write, {@link #WIDTH} by {@link #HEIGHT}.
     * @return the file.
     * @throws IOException if it cannot be written.
     */
    static Path save(final JFreeChart chart, final Path file) throws IOException
    {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
        return file;
    }
}
