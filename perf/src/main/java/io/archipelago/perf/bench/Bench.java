package io.archipelago.perf.bench;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.archipelago.engine.model.Durability;
import io.archipelago.perf.report.ResultCharts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The perf harness: throughput of the engine at several island counts and of the baselines on the same workload,
 * latency at stepped offered rates, replay speed, and the machine's raw Disruptor and Chronicle Queue ceilings, all in
 * one run; results as CSV, JSON and charts. Run it with {@code perf/run}.
 */
@Command(name = "perf/run", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
    description = {
        "Measures the engine against its baselines on one generated workload and writes CSV, JSON and PNG charts.",
        "",
        "Steps: (1) raw ceilings: Disruptor 1P1C, Chronicle append one record per document and batched, Chronicle read;",
        "(2) engine throughput at each island count (closed loop, --threads client threads, --window orders in flight",
        "each), then replay of what each run journaled (raw read, 1 replay thread, --replay-threads threads);",
        "(3) baselines at the same client threads on the same orders: shared-state (locks + one shared Chronicle",
        "journal), pekko (one event-sourced actor per product, in-memory journal); one island is the single-log design;",
        "(4) engine latency at each offered rate (open loop, planned send times, HdrHistogram, corrected for",
        "coordinated omission) with --reference-islands islands.",
        "Each case (the ceilings, one engine run, one baseline run, one offered rate) runs in a JVM of its own with",
        "this JVM's options, so none inherits another's heap or compiled code (--no-fork runs all in one JVM).",
        "",
        "Results: <out>/<mode>.json (ratios, targets, every row) and <out>/<mode>/*.csv, *.png."},
    footer = {"", "Examples:",
        "  perf/run --quick                      # under 3 minutes on 2 cores; writes perf/results/quick.json",
        "  perf/run                              # the full run (about 15 minutes on 2 cores)",
        "  perf/run --islands 1,8 --baselines shared-state --rates 100000,200000 --skew 1.2 --hot-share 0.2"})
public final class Bench implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "Small runs, one repeat, few rates: under 3 minutes on 2 cores.")
    boolean quick;

    @Option(names = "--out", description = "Results directory (default: ${DEFAULT-VALUE}).", defaultValue = "perf/results")
    Path out;

    @Option(names = "--islands", description = "Island counts for throughput (default 1,2,4,8,16,64).")
    String islands = "1,2,4,8,16,64";

    @Option(names = "--reference-islands", description = "Island count the engine is compared with the baselines " +
        "at, and whose latency is measured (default: ${DEFAULT-VALUE}, one per core).", defaultValue = "2")
    int referenceIslands;

    @Option(names = "--replay-islands", description = "Island count whose replay gives the replay ratios " +
        "(default: ${DEFAULT-VALUE}).", defaultValue = "8")
    int replayIslands;

    @Option(names = "--orders", description = "Measured orders per throughput run (default 1,000,000; quick 150,000).")
    Integer orders;

    @Option(names = "--warmup", description = "Orders run before the measured ones on the measured instance (default " +
        "200,000; quick 50,000), after the whole workload ran once through a throw-away instance.")
    Integer warmup;

    @Option(names = "--repeats", description = "Repeats of each throughput run (default 3; quick 1). Ratios use the " +
        "median.")
    Integer repeats;

    @Option(names = "--threads", description = "Client threads (default: ${DEFAULT-VALUE}).", defaultValue = "2")
    int threads;

    @Option(names = "--window", description = "Orders in flight per client thread (default: ${DEFAULT-VALUE}).",
        defaultValue = "4096")
    int window;

    @Option(names = "--durability", description = "Engine journaling: NONE, JOURNALED, JOURNALED_SYNC " +
        "(default: ${DEFAULT-VALUE}).", defaultValue = "JOURNALED")
    Durability durability;

    @Option(names = "--baselines", description = "Baselines to run: shared-state, pekko, or none (default: " +
        "${DEFAULT-VALUE}).", defaultValue = "shared-state,pekko")
    String baselines;

    @Option(names = "--rates", description = "Offered rates for latency, orders/s (default 50k..1M; quick " +
        "100k,300k,500k).")
    String rates;

    @Option(names = "--rate-seconds", description = "Measured seconds per offered rate (default 5; quick 1.5).")
    Double rateSeconds;

    @Option(names = "--spin", description = "The latency generator spins between sends instead of parking.")
    boolean spin;

    @Option(names = "--replay-threads", description = "Threads of the parallel replay (default: ${DEFAULT-VALUE}).",
        defaultValue = "2")
    int replayThreads;

    @Option(names = "--island-threads", description = "Threads running the engine's islands (at most the island " +
        "count; default 0: the engine's default, one per available processor).", defaultValue = "0")
    int islandThreads;

    @Option(names = "--ceiling-seconds", description = "Seconds per raw ceiling (default 2; quick 0.5).")
    Double ceilingSeconds;

    @Option(names = "--users", description = "Users (default: ${DEFAULT-VALUE}).", defaultValue = "100000")
    int users;

    @Option(names = "--products", description = "Catalogue products (default: ${DEFAULT-VALUE}).",
        defaultValue = "1000")
    int products;

    @Option(names = "--skew", description = "Zipf exponent of product popularity, 0 = uniform (default: " +
        "${DEFAULT-VALUE}).", defaultValue = "0.8")
    double skew;

    @Option(names = "--hot-share", description = "Share of orders on island-affine hot products that need " +
        "transfers (default: ${DEFAULT-VALUE}).", defaultValue = "0.05")
    double hotShare;

    @Option(names = "--multi-line-share", description = "Share of orders with 2..--max-lines lines (default: " +
        "${DEFAULT-VALUE}).", defaultValue = "0.1")
    double multiLineShare;

    @Option(names = "--max-lines", description = "Most lines per order (default: ${DEFAULT-VALUE}).",
        defaultValue = "4")
    int maxLines;

    @Option(names = "--seed", description = "Workload seed (default: ${DEFAULT-VALUE}).", defaultValue = "42")
    long seed;

    @Option(names = "--data", description = "Where temporary journals go (default: java.io.tmpdir).")
    Path data;

    @Option(names = "--no-charts", description = "Skip the PNG charts.")
    boolean noCharts;

    @Option(names = "--no-fork", description = "Run every case in this JVM instead of one JVM per case (faster to " +
        "start; later cases then inherit the heap and compiled code of earlier ones).")
    boolean noFork;

    @Option(names = "--case", hidden = true, description = "Run one case and write its rows to --case-out.")
    String caseName;

    @Option(names = "--case-out", hidden = true, description = "Where --case writes its rows.")
    Path caseOut;

    @Option(names = "--start-nanos", hidden = true, description = "The parent's start time, for progress lines.")
    Long startNanos;

    /**
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        System.setProperty("java.awt.headless", "true");
        System.setProperty("org.slf4j.simpleLogger.log.net.openhft", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.pekko", "warn");
        System.exit(new CommandLine(new Bench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        final BenchSettings settings = BenchSettings.of(this);
        if (null != caseName)
        {
            new BenchRunner(settings, System.err).runCaseTo(caseName, caseOut);
            return 0;
        }
        final BenchReport report = new BenchRunner(settings, System.err).run();
        final String mode = quick ? "quick" : "full";
        final Path csvDirectory = out.resolve(mode);
        report.writeCsv(csvDirectory);
        final Path json = out.resolve(mode + ".json");
        report.writeJson(json, mode, settings.json(), referenceIslands, replayIslands, replayThreads,
            (System.nanoTime() - settings.startNanos()) / 1e9);
        System.out.println("wrote " + json + " and " + csvDirectory + "/*.csv");
        if (!noCharts)
        {
            for (final Path chart : ResultCharts.render(csvDirectory))
            {
                System.out.println("wrote " + chart);
            }
        }
        System.out.printf(Locale.ROOT, "took %.0f s%n", (System.nanoTime() - settings.startNanos()) / 1e9);
        return 0;
    }
}
