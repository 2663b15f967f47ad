package io.archipelago.perf.bench;

import java.io.IOException;
import java.io.Serializable;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * Everything one harness run measured, written as CSV files (one per kind of measurement) and one JSON document with
 * the machine, the settings, every row, the headline ratios and each target beside its measured value.
 */
public final class BenchReport
{
    /** Quotes a field only when it holds a comma, quote or line break, so that plain names stay unquoted. */
    private static final CsvMapper CSV = CsvMapper.builder().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
        .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

    final List<ThroughputRow> throughput = new ArrayList<>();
    final List<LatencyRow> latency = new ArrayList<>();
    final List<ReplayRow> replay = new ArrayList<>();
    final List<Ceilings.Ceiling> ceilings = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    /**
     * A throughput measurement.
     *
     * @param system       engine or a baseline.
     * @param islands      island count (0 for a baseline without islands).
     * @param threads      client threads.
     * @param durability   journaling mode.
     * @param orders       orders measured.
     * @param seconds      wall time.
     * @param confirmed    orders confirmed.
     * @param rejected     orders rejected.
     * @param transferShare share of orders that waited for a transfer (engine), or -1.
     * @param extra        further JSON members.
     */
    record ThroughputRow(String system, int islands, int threads, String durability, long orders, double seconds,
        long confirmed, long rejected, double transferShare, String extra) implements Serializable
    {
        double ordersPerSecond()
        {
            return orders / seconds;
        }
    }

    /**
     * A latency measurement at one offered rate, in microseconds.
     *
     * @param system     the system.
     * @param islands    island count.
     * @param offered    offered orders/s.
     * @param achieved   completed orders/s.
     * @param held       whether the system kept up (see {@link OpenLoopRun.Outcome#held()}).
     * @param p50        median latency.
     * @param p90        90th percentile.
     * @param p99        99th percentile.
     * @param p999       99.9th percentile.
     * @param p9999      99.99th percentile.
     * @param max        highest latency.
     * @param sendLagP99 99th percentile of how late the generator sent.
     */
    record LatencyRow(String system, int islands, double offered, double achieved, boolean held, double p50,
        double p90, double p99, double p999, double p9999, double max, double sendLagP99) implements Serializable
    {
        static LatencyRow of(final String system, final int islands, final OpenLoopRun.Outcome outcome)
        {
            final org.HdrHistogram.Histogram h = outcome.latency();
            return new LatencyRow(system, islands, outcome.offered(), outcome.achieved(), outcome.held(),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0,
                h.getValueAtPercentile(99.99) / 1000.0, h.getMaxValue() / 1000.0,
                outcome.sendLag().getValueAtPercentile(99) / 1000.0);
        }
    }

    /**
     * A replay measurement.
     *
     * @param outcome the run.
     */
    record ReplayRow(ReplayRun.Outcome outcome) implements Serializable
    {
    }

    /**
     * Files rows of a case under their kind.
     *
     * @param rows throughput, latency, replay and ceiling rows.
     */
    void add(final List<Object> rows)
    {
        for (final Object row : rows)
        {
            if (row instanceof ThroughputRow t)
            {
                throughput.add(t);
            }
            else if (row instanceof LatencyRow l)
            {
                latency.add(l);
            }
            else if (row instanceof ReplayRow r)
            {
                replay.add(r);
            }
            else if (row instanceof Ceilings.Ceiling c)
            {
                ceilings.add(c);
            }
            else
            {
                throw new IllegalArgumentException("not a result row: " + row);
            }
        }
    }

    void writeCsv(final Path directory) throws IOException
    {
        Files.createDirectories(directory);
        writeCsv(directory.resolve("throughput.csv"), List.of("system", "islands", "client_threads", "durability",
            "orders", "seconds", "orders_per_s", "confirmed", "rejected", "needed_transfer_share"),
            throughput.stream().map(r -> List.<Object>of(r.system, r.islands, r.threads, r.durability, r.orders,
            fixed(r.seconds, 3), fixed(r.ordersPerSecond(), 0), r.confirmed, r.rejected, fixed(r.transferShare, 4)))
            .toList());
        writeCsv(directory.resolve("latency.csv"), List.of("system", "islands", "offered_per_s", "achieved_per_s",
            "held", "p50_us", "p90_us", "p99_us", "p999_us", "p9999_us", "max_us", "send_lag_p99_us"),
            latency.stream().map(r -> List.<Object>of(r.system, r.islands, fixed(r.offered, 0), fixed(r.achieved, 0),
            r.held, fixed(r.p50, 1), fixed(r.p90, 1), fixed(r.p99, 1), fixed(r.p999, 1), fixed(r.p9999, 1),
            fixed(r.max, 1), fixed(r.sendLagP99, 1))).toList());
        writeCsv(directory.resolve("replay.csv"), List.of("islands", "replay_threads", "records", "seconds",
            "records_per_s", "records_per_s_per_island", "raw_read_records_per_s_per_island", "digest_seconds"),
            replay.stream().map(ReplayRow::outcome).map(o -> List.<Object>of(o.islands(), o.threads(), o.records(),
            fixed(o.nanos() / 1e9, 3), fixed(o.recordsPerSecond(), 0), fixed(o.recordsPerSecondPerIsland(), 0),
            fixed(o.rawReadPerSec(), 0), fixed(o.digestNanos() / 1e9, 3))).toList());
        writeCsv(directory.resolve("ceilings.csv"), List.of("ceiling", "per_s", "unit"), ceilings.stream()
            .map(c -> List.<Object>of(c.name(), fixed(c.rate(), 0), c.unit())).toList());
    }

    private static void writeCsv(final Path file, final List<String> columns, final List<List<Object>> rows)
        throws IOException
    {
        final CsvSchema.Builder schema = CsvSchema.builder();
        columns.forEach(schema::addColumn);
        try (SequenceWriter writer = CSV.writer(schema.build().withHeader()).writeValues(file.toFile()))
        {
            writer.writeAll(rows);
        }
    }

    /**
     * A value rounded half up to a fixed number of decimals, written as it reads; "NaN" or "Infinity" when it is not
     * finite.
     */
    private static Object fixed(final double value, final int decimals)
    {
        if (Double.isNaN(value) || Double.isInfinite(value))
        {
            return Double.toString(value);
        }
        return new BigDecimal(String.format(Locale.ROOT, "%." + decimals + "f", value));
    }

    /**
     * The median throughput of the rows that match.
     */
    double medianThroughput(final Predicate<ThroughputRow> filter)
    {
        final double[] values = throughput.stream().filter(filter).mapToDouble(ThroughputRow::ordersPerSecond)
            .sorted().toArray();
        if (values.length == 0)
        {
            return Double.NaN;
        }
        return values.length % 2 == 1 ? values[values.length / 2] :
            (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    double engineThroughput(final int islands)
    {
        return medianThroughput(r -> r.system.equals("engine") && r.islands == islands);
    }

    double ceiling(final String name)
    {
        return ceilings.stream().filter(c -> c.name().equals(name)).mapToDouble(Ceilings.Ceiling::rate).findFirst()
            .orElse(Double.NaN);
    }

    LatencyRow highestHeld()
    {
        LatencyRow best = null;
        for (final LatencyRow row : latency)
        {
            if (row.system.equals("engine") && row.held && (null == best || row.offered > best.offered))
            {
                best = row;
            }
        }
        return best;
    }

    LatencyRow atRate(final double rate)
    {
        return atRate("engine", rate);
    }

    LatencyRow atRate(final String system, final double rate)
    {
        return latency.stream().filter(r -> r.system.equals(system) && r.offered == rate).findFirst().orElse(null);
    }

    /**
     * @return per offered rate measured for both, the engine's latency percentile over the hand-off ceiling's, as
     *         JSON members ({@code "100000":3.2}).
     */
    private String ceilingRatios(final java.util.function.ToDoubleFunction<LatencyRow> percentile)
    {
        return latency.stream().filter(r -> r.system.equals("engine")).map(r ->
        {
            final LatencyRow ceiling = atRate("handoff", r.offered);
            return null == ceiling ? null : "\"" + num(r.offered) + "\":" +
                num(percentile.applyAsDouble(r) / percentile.applyAsDouble(ceiling));
        }).filter(java.util.Objects::nonNull).collect(Collectors.joining(","));
    }

    private double ceilingRatio(final double rate, final java.util.function.ToDoubleFunction<LatencyRow> percentile)
    {
        final LatencyRow engine = atRate(rate);
        final LatencyRow ceiling = atRate("handoff", rate);
        return null == engine || null == ceiling ? Double.NaN :
            percentile.applyAsDouble(engine) / percentile.applyAsDouble(ceiling);
    }

    ReplayRun.Outcome replay(final int islands, final int threads)
    {
        return replay.stream().map(ReplayRow::outcome).filter(o -> o.islands() == islands && o.threads() == threads)
            .findFirst().orElse(null);
    }

    /**
     * Writes the JSON document.
     *
     * @param file            where.
     * @param mode            quick or full.
     * @param settings        the harness settings as JSON members.
     * @param referenceIslands island count the engine is compared at.
     * @param replayIslands   island count whose replay gives the replay ratios.
     * @param replayThreads   threads of the parallel replay.
     * @param seconds         how long the run took.
     * @throws IOException on write failure.
     */
    void writeJson(final Path file, final String mode, final String settings, final int referenceIslands,
        final int replayIslands, final int replayThreads, final double seconds) throws IOException
    {
        final double engine = engineThroughput(referenceIslands);
        final double shared = medianThroughput(r -> r.system.equals("shared-state"));
        final double pekko = medianThroughput(r -> r.system.equals("pekko"));
        final double single = engineThroughput(1);
        final double oneClient = medianThroughput(r -> r.system.equals("island-1-client"));
        final double appendCeiling = ceiling("chronicle_append_1_per_document");
        final double batched = ceiling("chronicle_append_batched_" + Ceilings.BATCH);
        final ReplayRun.Outcome replayOne = replay(replayIslands, 1);
        final ReplayRun.Outcome replayMany = replay(replayIslands, replayThreads);
        final double speedup = null == replayOne || null == replayMany ? Double.NaN :
            (double)replayOne.nanos() / replayMany.nanos();
        final double replayVsRaw = null == replayOne ? Double.NaN :
            replayOne.recordsPerSecondPerIsland() / replayOne.rawReadPerSec();
        final double islands64 = engineThroughput(64) / engineThroughput(2);
        final LatencyRow held = highestHeld();
        final LatencyRow at500k = atRate(500_000);

        final StringBuilder json = new StringBuilder(8_192).append("{\n");
        json.append("  \"mode\": \"").append(mode).append("\",\n");
        json.append("  \"seconds\": ").append(num(seconds)).append(",\n");
        json.append("  \"machine\": {").append(machine()).append("},\n");
        json.append("  \"settings\": {").append(settings).append(",\"reference_islands\":").append(referenceIslands)
            .append(",\"replay_islands\":").append(replayIslands).append(",\"replay_threads\":")
            .append(replayThreads).append("},\n");
        json.append("  \"ratios\": {\n");
        json.append("    \"engine_vs_shared_state\": ").append(num(engine / shared)).append(",\n");
        json.append("    \"engine_vs_pekko\": ").append(num(engine / pekko)).append(",\n");
        json.append("    \"engine_vs_single_island\": ").append(num(engine / single)).append(",\n");
        json.append("    \"journal_efficiency\": ").append(num(single / batched)).append(",\n");
        json.append("    \"island_vs_append_ceiling\": ").append(num(oneClient / appendCeiling)).append(",\n");
        json.append("    \"parallel_replay_speedup\": ").append(num(speedup)).append(",\n");
        json.append("    \"replay_vs_raw_read_per_island\": ").append(num(replayVsRaw)).append(",\n");
        json.append("    \"islands64_vs_islands2\": ").append(num(islands64)).append(",\n");
        json.append("    \"latency_p99_vs_ceiling\": {").append(ceilingRatios(LatencyRow::p99)).append("},\n");
        json.append("    \"latency_p9999_vs_ceiling\": {").append(ceilingRatios(LatencyRow::p9999)).append("}\n  },\n");
        json.append("  \"latency_us\": ").append(latencyJson(held)).append(",\n");
        json.append("  \"latency_us_at_500k\": ").append(latencyJson(at500k)).append(",\n");
        json.append("  \"targets\": [\n");
        final List<String> targets = new ArrayList<>();
        targets.add(target("journal_efficiency", ">= 0.6", single / batched, single / batched >= 0.6));
        targets.add(target("island_vs_append_ceiling", ">= 0.4", oneClient / appendCeiling,
            oneClient / appendCeiling >= 0.4));
        targets.add(target("engine_vs_shared_state", ">= 3", engine / shared, engine / shared >= 3));
        targets.add(target("engine_vs_pekko", ">= 30", engine / pekko, engine / pekko >= 30));
        targets.add(target("replay_vs_raw_read_per_island", ">= 0.7", replayVsRaw, replayVsRaw >= 0.7));
        targets.add(target("parallel_replay_speedup", ">= 1.8", speedup, speedup >= 1.8));
        targets.add(target("islands64_vs_islands2", ">= 0.7", islands64, islands64 >= 0.7));
        final double p99 = null == at500k ? Double.NaN : at500k.p99;
        final double p9999 = null == at500k ? Double.NaN : at500k.p9999;
        targets.add(target("p99_us_at_500k_offered", "<= 100", p99, null != at500k && at500k.held &&
            p99 <= 100));
        targets.add(target("p9999_us_at_500k_offered", "<= 2000", p9999, null != at500k && at500k.held &&
            p9999 <= 2000));
        for (final int rate : new int[] {100_000, 300_000})
        {
            final double p99Ratio = ceilingRatio(rate, LatencyRow::p99);
            final double p9999Ratio = ceilingRatio(rate, LatencyRow::p9999);
            if (!Double.isNaN(p99Ratio))
            {
                targets.add(target("latency_p99_vs_ceiling_at_" + rate, "<= 3", p99Ratio, p99Ratio <= 3));
                targets.add(target("latency_p9999_vs_ceiling_at_" + rate, "<= 10", p9999Ratio, p9999Ratio <= 10));
            }
        }
        json.append(targets.stream().map(s -> "    " + s).collect(Collectors.joining(",\n"))).append("\n  ],\n");
        json.append("  \"ceilings\": {").append(ceilings.stream().map(c -> "\"" + c.name() + "_per_s\":" +
            num(c.rate())).collect(Collectors.joining(","))).append("},\n");
        json.append("  \"throughput\": [\n").append(throughput.stream().map(r -> String.format(Locale.ROOT,
            "    {\"system\":\"%s\",\"islands\":%d,\"client_threads\":%d,\"durability\":\"%s\",\"orders\":%d," +
            "\"seconds\":%.3f,\"orders_per_s\":%.0f,\"confirmed\":%d,\"rejected\":%d," +
            "\"needed_transfer_share\":%.4f%s}", r.system, r.islands, r.threads, r.durability, r.orders, r.seconds,
            r.ordersPerSecond(), r.confirmed, r.rejected, r.transferShare, r.extra.isEmpty() ? "" : "," + r.extra))
            .collect(Collectors.joining(",\n"))).append("\n  ],\n");
        json.append("  \"latency\": [\n").append(latency.stream().map(r -> "    {\"system\":\"" + r.system +
            "\",\"islands\":" + r.islands + ",\"offered_per_s\":" + num(r.offered) + ",\"held\":" + r.held +
            ",\"achieved_per_s\":" + num(r.achieved) + ",\"us\":" + latencyJson(r) + ",\"send_lag_p99_us\":" +
            num(r.sendLagP99) + "}")
            .collect(Collectors.joining(",\n"))).append("\n  ],\n");
        json.append("  \"replay\": [\n").append(replay.stream().map(ReplayRow::outcome).map(o -> String.format(
            Locale.ROOT, "    {\"islands\":%d,\"replay_threads\":%d,\"records\":%d,\"seconds\":%.3f," +
            "\"records_per_s\":%.0f,\"records_per_s_per_island\":%.0f,\"raw_read_records_per_s_per_island\":%.0f," +
            "\"digest_seconds\":%.3f}", o.islands(), o.threads(), o.records(), o.nanos() / 1e9, o.recordsPerSecond(),
            o.recordsPerSecondPerIsland(), o.rawReadPerSec(), o.digestNanos() / 1e9)).collect(Collectors.joining(",\n")))
            .append("\n  ],\n");
        json.append("  \"notes\": [").append(notes.stream().map(n -> "\"" + n.replace("\"", "'") + "\"")
            .collect(Collectors.joining(","))).append("]\n}\n");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, json);
    }

    private static String latencyJson(final LatencyRow row)
    {
        if (null == row)
        {
            return "null";
        }
        return String.format(Locale.ROOT, "{\"offered_per_s\":%.0f,\"held\":%s,\"p50\":%.1f,\"p90\":%.1f," +
            "\"p99\":%.1f,\"p999\":%.1f,\"p9999\":%.1f,\"max\":%.1f}", row.offered, row.held,
            row.p50, row.p90, row.p99, row.p999, row.p9999, row.max);
    }

    private static String target(final String name, final String target, final double measured, final boolean met)
    {
        return "{\"name\":\"" + name + "\",\"target\":\"" + target + "\",\"measured\":" + num(measured) +
            ",\"met\":" + met + "}";
    }

    static String num(final double value)
    {
        if (Double.isNaN(value) || Double.isInfinite(value))
        {
            return "null";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%.0f", value) :
            String.format(Locale.ROOT, "%.3f", value);
    }

    static String machine()
    {
        final Runtime runtime = Runtime.getRuntime();
        String cpu = "unknown";
        try
        {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        }
        catch (final IOException | RuntimeException ex)
        {
            cpu = "unknown (" + ex.getClass().getSimpleName() + ")";
        }
        final String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(" + "));
        return String.format(Locale.ROOT, "\"cpus\":%d,\"cpu\":\"%s\",\"os\":\"%s %s %s\",\"jvm\":\"%s %s\"," +
            "\"max_heap_mb\":%d,\"gc\":\"%s\",\"load_average\":%.2f,\"jvm_args\":\"%s\"",
            runtime.availableProcessors(), cpu.replace("\"", "'"), System.getProperty("os.name"),
            System.getProperty("os.version"), System.getProperty("os.arch"), System.getProperty("java.vm.name"),
            System.getProperty("java.runtime.version"), ChildJvm.maxHeapMegabytes(), gcs,
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
            ChildJvm.jvmOptions().stream().filter(a -> !a.startsWith("--add-")).collect(Collectors.joining(" ")));
    }

    static int[] parseList(final String list)
    {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .mapToInt(Integer::parseInt).toArray();
    }
}
