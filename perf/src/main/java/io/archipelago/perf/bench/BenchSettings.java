package io.archipelago.perf.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.archipelago.engine.model.Durability;

/**
 * The harness settings with the quick or full defaults filled in.
 *
 * @param quick            quick mode.
 * @param islands          island counts for throughput.
 * @param referenceIslands island count compared with the baselines and used for latency.
 * @param replayIslands    island count whose replay gives the replay ratios.
 * @param orders           measured orders per throughput run.
 * @param warmup           warm-up orders per throughput run.
 * @param repeats          repeats per throughput run.
 * @param threads          client threads.
 * @param window           orders in flight per client thread.
 * @param durability       engine journaling.
 * @param baselines        baselines to run.
 * @param rates            offered rates for latency.
 * @param rateSeconds      measured seconds per rate.
 * @param spin             latency generator spins.
 * @param replayThreads    threads of the parallel replay.
 * @param islandThreads    threads running the engine's islands; 0 for the engine's default.
 * @param ceilingSeconds   seconds per raw ceiling.
 * @param workload         workload spec (laid out for the reference island count).
 * @param data             parent of temporary journals.
 * @param fork             run each case in a JVM of its own.
 * @param arguments        the command line, to start a case's JVM with.
 * @param startNanos       when the run started ({@link System#nanoTime()}).
 */
record BenchSettings(boolean quick, int[] islands, int referenceIslands, int replayIslands, int orders, int warmup,
    int repeats, int threads, int window, Durability durability, List<String> baselines, int[] rates,
    double rateSeconds, boolean spin, int replayThreads, int islandThreads, double ceilingSeconds,
    Workload.Spec workload, Path data, boolean fork, List<String> arguments, long startNanos)
{
    static BenchSettings of(final Bench b)
    {
        final int[] islands = BenchReport.parseList(b.islands);
        final String defaultRates = b.quick ? "100000,300000,500000" :
            "50000,100000,200000,300000,400000,500000,600000,800000,1000000";
        final int[] rates = BenchReport.parseList(null != b.rates ? b.rates : defaultRates);
        final int orders = null != b.orders ? b.orders : b.quick ? 150_000 : 1_000_000;
        final List<String> baselines = b.baselines.equals("none") ? List.of() :
            Arrays.stream(b.baselines.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (final String baseline : baselines)
        {
            if (!baseline.equals("shared-state") && !baseline.equals("pekko"))
            {
                throw new picocli.CommandLine.ParameterException(b.spec.commandLine(),
                    "unknown baseline '" + baseline + "' (expected shared-state, pekko or none)");
            }
        }
        if (b.islandThreads < 0)
        {
            throw new picocli.CommandLine.ParameterException(b.spec.commandLine(),
                "--island-threads must be at least 1, or 0 for the engine's default, was " + b.islandThreads);
        }
        if (b.threads < 1 || b.window < 1 || b.replayThreads < 1 || islands.length == 0 || rates.length == 0 ||
            Arrays.stream(islands).anyMatch(i -> i < 1) || Arrays.stream(rates).anyMatch(r -> r < 1))
        {
            throw new picocli.CommandLine.ParameterException(b.spec.commandLine(),
                "threads, window, replay threads, island counts and rates must be positive");
        }
        final Workload.Spec spec;
        try
        {
            spec = new Workload.Spec(orders, b.users, b.products, b.skew, b.hotShare, b.multiLineShare, b.maxLines,
                b.referenceIslands, b.seed);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new picocli.CommandLine.ParameterException(b.spec.commandLine(), "workload: " + ex.getMessage());
        }
        return new BenchSettings(b.quick, islands, b.referenceIslands, b.replayIslands, orders,
            null != b.warmup ? b.warmup : b.quick ? 50_000 : 200_000, null != b.repeats ? b.repeats : b.quick ? 1 : 3,
            b.threads, b.window, b.durability, baselines, rates,
            null != b.rateSeconds ? b.rateSeconds : b.quick ? 1.5 : 5.0, b.spin, b.replayThreads, b.islandThreads,
            null != b.ceilingSeconds ? b.ceilingSeconds : b.quick ? 0.5 : 2.0, spec,
            null != b.data ? b.data : Path.of(System.getProperty("java.io.tmpdir")), !b.noFork,
            b.spec.commandLine().getParseResult().originalArgs().stream()
                .filter(a -> !a.startsWith("--case") && !a.startsWith("--start-nanos")).toList(),
            null != b.startNanos ? b.startNanos : System.nanoTime());
    }

    String json()
    {
        return String.format(Locale.ROOT, "%s,\"warmup\":%d,\"repeats\":%d,\"client_threads\":%d,\"window\":%d," +
            "\"durability\":\"%s\",\"islands\":[%s],\"baselines\":[%s],\"rates\":[%s],\"rate_seconds\":%.1f," +
            "\"generator\":\"%s\",\"ceiling_seconds\":%.1f,\"jvm_per_case\":%b,\"island_threads\":\"%s\"",
            workload.json(), warmup, repeats, threads, window, durability, join(islands), baselines.stream()
            .map(s -> "\"" + s + "\"").collect(Collectors.joining(",")), join(rates), rateSeconds,
            spin ? "spin" : "park", ceilingSeconds, fork, 0 == islandThreads ? "min(islands, " +
            Runtime.getRuntime().availableProcessors() + " processors)" : "min(islands, " + islandThreads + ")");
    }

    private static String join(final int[] values)
    {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
}
