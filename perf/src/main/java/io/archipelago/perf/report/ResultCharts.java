package io.archipelago.perf.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jfree.chart.JFreeChart;

/**
 * Renders the perf harness's CSV results as PNG charts of 800 by 500 pixels, written beside the CSVs:
 * <ul>
 *   <li>{@code throughput.csv} to {@code throughput.png}: orders/s against island count, baselines dashed;</li>
 *   <li>{@code latency.csv} to {@code latency.png} for the engine and {@code latency-<system>.png} for any other
 *   system: latency percentiles against offered rate, with the p99 and p99.99 targets;</li>
 *   <li>{@code replay.csv} to {@code replay.png}: replay rate per thread count against island count, with the raw
 *   Chronicle read rate.</li>
 * </ul>
 * A missing CSV is skipped. Runs headless: the class sets {@code java.awt.headless=true} when it is loaded, so it
 * must be loaded before anything else in the JVM touches AWT. Needs a font the JDK can find through fontconfig.
 * <pre>
 *   java -cp perf.jar io.archipelago.perf.report.ResultCharts perf/results
 * </pre>
 */
public final class ResultCharts
{
    static
    {
        System.setProperty("java.awt.headless", "true");
    }

    private ResultCharts()
    {
    }

    /**
     * @param args the results directory.
     */
    public static void main(final String[] args)
    {
        if (1 != args.length)
        {
            System.err.println("usage: ResultCharts <results-directory>");
            System.exit(2);
        }
        final Path directory = Path.of(args[0]);
        if (!Files.isDirectory(directory))
        {
            System.err.println("no results directory " + directory);
            System.exit(2);
        }
        try
        {
            render(System.out, directory);
        }
        catch (final IOException ex)
        {
            System.err.println(ex.getMessage());
            System.exit(1);
        }
    }

    /**
     * Renders every chart whose CSV is in {@code resultsDirectory}.
     *
     * @param resultsDirectory holding the CSVs; the PNGs are written there.
     * @return the PNGs written; none for a missing CSV.
     * @throws IOException if a CSV cannot be read or lacks a column, or a PNG cannot be written.
     */
    public static List<Path> render(final Path resultsDirectory) throws IOException
    {
        return render(new PrintStream(OutputStream.nullOutputStream()), resultsDirectory);
    }

    /**
     * Renders every chart whose CSV is in {@code resultsDirectory}, printing a line for each PNG written and each CSV
     * missing.
     *
     * @param out              for the lines printed.
     * @param resultsDirectory holding the CSVs; the PNGs are written there.
     * @return the PNGs written; none for a missing CSV.
     * @throws IOException if a CSV cannot be read or lacks a column, or a PNG cannot be written.
     */
    public static List<Path> render(final PrintStream out, final Path resultsDirectory) throws IOException
    {
        final List<Path> written = new ArrayList<>();
        final Csv throughput = readIfPresent(out, resultsDirectory.resolve(ThroughputChart.CSV));
        if (null != throughput)
        {
            written.add(save(out, ThroughputChart.create(throughput), resultsDirectory.resolve(ThroughputChart.PNG)));
        }
        final Csv latency = readIfPresent(out, resultsDirectory.resolve(LatencyChart.CSV));
        if (null != latency)
        {
            for (final Map.Entry<String, JFreeChart> chart : LatencyChart.create(latency).entrySet())
            {
                written.add(save(out, chart.getValue(), resultsDirectory.resolve(chart.getKey())));
            }
        }
        final Csv replay = readIfPresent(out, resultsDirectory.resolve(ReplayChart.CSV));
        if (null != replay)
        {
            written.add(save(out, ReplayChart.create(replay), resultsDirectory.resolve(ReplayChart.PNG)));
        }
        return written;
    }

    private static Csv readIfPresent(final PrintStream out, final Path file) throws IOException
    {
        if (!Files.isRegularFile(file))
        {
            out.println("skipped " + file + ": not found");
            return null;
        }
        return Csv.read(file);
    }

    private static Path save(final PrintStream out, final JFreeChart chart, final Path file) throws IOException
    {
        ChartStyle.save(chart, file);
        out.println("wrote " + file);
        return file;
    }
}
