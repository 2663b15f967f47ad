package io.archipelago.perf.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.archipelago.engine.model.Durability;
import io.archipelago.perf.baseline.PekkoOrderService;
import io.archipelago.perf.baseline.SharedStateOrderService;
import io.archipelago.perf.jmh.TempDirectory;

/**
 * Runs the steps of {@link Bench} as a list of cases (the ceilings, one engine run, one baseline run, one offered
 * rate) and collects the results. By default every case runs in a JVM of its own, started with this JVM's options
 * and class path, so that no case inherits another's heap, garbage or compiled code; the child writes its rows to a
 * file the parent reads back. Within its JVM, a case first runs the whole workload through a throw-away instance of
 * the system (as closed-loop load), then measures a fresh instance with empty state: the code is compiled and the
 * collector has sized the heap, but no state is carried over. Progress goes to a stream, one line a step.
 */
final class BenchRunner
{
    private final BenchSettings settings;
    private final PrintStream log;
    private final Map<String, Workload> workloads = new HashMap<>();

    BenchRunner(final BenchSettings settings, final PrintStream log)
    {
        this.settings = settings;
        this.log = log;
    }

    /**
     * @return every case of the run, in order; a latency case after a rate that did not hold may be skipped.
     */
    List<String> cases()
    {
        final List<String> cases = new ArrayList<>();
        cases.add("ceilings");
        cases.add("island-1-client");
        for (final int islands : settings.islands())
        {
            for (int repeat = 0; repeat < settings.repeats(); repeat++)
            {
                cases.add("engine:" + islands + ":" + repeat);
            }
        }
        for (final String name : settings.baselines())
        {
            for (int repeat = 0; repeat < settings.repeats(); repeat++)
            {
                cases.add("baseline:" + name + ":" + repeat);
            }
        }
        for (final int rate : settings.rates())
        {
            cases.add("handoff-latency:" + rate);
            cases.add("latency:" + rate);
        }
        return cases;
    }

    BenchReport run() throws Exception
    {
        final BenchReport report = new BenchReport();
        log("machine: " + BenchReport.machine());
        for (final String name : cases())
        {
            if ((name.startsWith("latency:") || name.startsWith("handoff-latency:")) && stopLatency(report))
            {
                continue;
            }
            final List<Object> rows = settings.fork() ? forked(name) : runCase(name);
            report.add(rows);
        }
        return report;
    }

    private static boolean stopLatency(final BenchReport report)
    {
        return report.latency.stream().anyMatch(r -> r.system().equals("engine") && !r.held() &&
            r.offered() >= 500_000);
    }

    /**
     * Runs one case in this JVM.
     *
     * @param name the case.
     * @return its result rows.
     * @throws Exception on failure.
     */
    List<Object> runCase(final String name) throws Exception
    {
        final String[] parts = name.split(":");
        final List<Object> rows = new ArrayList<>();
        switch (parts[0])
        {
            case "ceilings" ->
            {
                for (final Ceilings.Ceiling ceiling : Ceilings.measure(settings.ceilingSeconds(), settings.data()))
                {
                    rows.add(ceiling);
                    log(String.format(Locale.ROOT, "ceiling %s: %.0f %s/s", ceiling.name(), ceiling.rate(),
                        ceiling.unit()));
                }
            }
            case "engine" -> engine(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]) == 0, rows);
            case "island-1-client" -> rows.add(islandOneClient());
            case "baseline" -> baseline(parts[1], rows);
            case "latency" -> rows.add(latency(Integer.parseInt(parts[1])));
            case "handoff-latency" -> rows.add(handOffLatency(Integer.parseInt(parts[1])));
            default -> throw new IllegalArgumentException("unknown case " + name);
        }
        return rows;
    }

    /**
     * Runs one case and writes its rows to a file (the child side of {@link #forked}).
     *
     * @param name the case.
     * @param out  the file.
     * @throws Exception on failure.
     */
    void runCaseTo(final String name, final Path out) throws Exception
    {
        final List<Object> rows = runCase(name);
        try (OutputStream file = Files.newOutputStream(out); ObjectOutputStream objects = new ObjectOutputStream(file))
        {
            objects.writeObject(new ArrayList<>(rows));
        }
    }

    /**
     * Has the OS write back what earlier cases left dirty in the page cache (their journals, gigabytes over a full
     * run) before the next case starts, so that no case measures the write-back of another's files: with 3 GB dirty
     * a latency case's p99.9 at 100k orders/s went from 3.6 ms to 20 ms. Best effort: {@code sync} where the OS has it.
     */
    private void writeBackDirtyPages() throws InterruptedException
    {
        try
        {
            final Process sync = new ProcessBuilder("sync").redirectErrorStream(true).start();
            sync.getInputStream().transferTo(OutputStream.nullOutputStream());
            if (!sync.waitFor(120, java.util.concurrent.TimeUnit.SECONDS))
            {
                sync.destroy();
            }
        }
        catch (final IOException ex)
        {
            log("no sync command; earlier cases' dirty pages may still be written back during this one");
        }
    }

    private List<Object> forked(final String name) throws IOException, InterruptedException, ClassNotFoundException
    {
        final Path out = Files.createTempFile(settings.data(), "bench-case-", ".bin");
        try
        {
            writeBackDirtyPages();
            final List<String> command = ChildJvm.command(Bench.class, settings.arguments());
            command.add("--case=" + name);
            command.add("--case-out=" + out);
            command.add("--start-nanos=" + settings.startNanos());
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (InputStream output = process.getInputStream())
            {
                output.transferTo(log);
            }
            final int exit = process.waitFor();
            if (exit != 0)
            {
                throw new IllegalStateException("case " + name + " failed in its JVM (exit " + exit + "); its " +
                    "output is above");
            }
            try (InputStream file = Files.newInputStream(out); ObjectInputStream objects = new ObjectInputStream(file))
            {
                final List<Object> rows = new ArrayList<>();
                for (final Object row : (List<?>)objects.readObject())
                {
                    rows.add(row);
                }
                return rows;
            }
        }
        finally
        {
            Files.deleteIfExists(out);
        }
    }

    private void engine(final int islands, final boolean replay, final List<Object> rows) throws Exception
    {
        final Workload workload = workload(islands, settings.orders() + settings.warmup());
        try (EngineOrderService warm = new EngineOrderService(islands, settings.islandThreads(),
            settings.durability(), settings.data(), false))
        {
            warmUp(warm, workload);
        }
        final boolean journaled = replay && settings.durability() != Durability.NONE;
        final EngineOrderService engine = new EngineOrderService(islands, settings.islandThreads(),
            settings.durability(), settings.data(), journaled);
        try
        {
            engine.start(workload);
            final BenchReport.ThroughputRow row = throughput(engine, islands, workload, true);
            rows.add(row);
            if (islands == 1)
            {
                rows.add(new BenchReport.ThroughputRow("single-island", 1, row.threads(), row.durability(),
                    row.orders(), row.seconds(), row.confirmed(), row.rejected(), row.transferShare(),
                    "\"same_run_as\":\"engine, 1 island\""));
            }
        }
        finally
        {
            engine.close();
        }
        if (journaled)
        {
            try
            {
                for (final ReplayRun.Outcome outcome : ReplayRun.run(engine.dataDirectory(), islands,
                    settings.replayThreads()))
                {
                    rows.add(new BenchReport.ReplayRow(outcome));
                    log(String.format(Locale.ROOT, "replay %d islands, %d thread(s): %d records in %.2f s " +
                        "= %.0f records/s (of which digests %.2f s; raw read %.0f records/s per island)", islands,
                        outcome.threads(), outcome.records(), outcome.nanos() / 1e9, outcome.recordsPerSecond(),
                        outcome.digestNanos() / 1e9, outcome.rawReadPerSec()));
                }
            }
            finally
            {
                TempDirectory.delete(engine.dataDirectory());
            }
        }
    }

    /**
     * Runs the whole workload through a throw-away instance of the system, so that the measured instance, started
     * afresh with empty state, runs compiled code on a heap the collector has already sized.
     */
    private void warmUp(final OrderService service, final Workload workload) throws Exception
    {
        service.start(workload);
        ClosedLoopRun.run(service, 0, workload.orders(), settings.threads(), settings.window());
    }

    private void baseline(final String name, final List<Object> rows) throws Exception
    {
        final Workload reference = workload(settings.referenceIslands(), settings.orders() + settings.warmup());
        for (int instance = 0; instance < 2; instance++)
        {
            final Path scratch = Files.createTempDirectory(settings.data(), name + "-");
            try (OrderService baseline = switch (name)
            {
                case "shared-state" -> new SharedStateOrderService(scratch,
                    settings.durability() != Durability.NONE);
                case "pekko" -> new PekkoOrderService();
                default -> throw new IllegalArgumentException("unknown baseline " + name);
            })
            {
                if (instance == 0)
                {
                    warmUp(baseline, reference);
                }
                else
                {
                    baseline.start(reference);
                    rows.add(throughput(baseline, 0, reference, false));
                }
            }
            finally
            {
                TempDirectory.delete(scratch);
            }
        }
    }

    /**
     * One island, journaled as configured, fed by one client thread: set beside the raw one-record-per-document
     * Chronicle append ceiling of the same run ({@code ratios.island_vs_append_ceiling}).
     */
    private BenchReport.ThroughputRow islandOneClient() throws Exception
    {
        final Workload workload = workload(1, settings.orders() + settings.warmup());
        try (EngineOrderService warm = new EngineOrderService(1, 1, settings.durability(), settings.data(), false))
        {
            warmUp(warm, workload);
        }
        try (EngineOrderService engine = new EngineOrderService(1, 1, settings.durability(), settings.data(), false))
        {
            engine.start(workload);
            final BenchReport.ThroughputRow row = throughput(engine, 1, workload, true, 1);
            return new BenchReport.ThroughputRow("island-1-client", 1, 1, row.durability(), row.orders(),
                row.seconds(), row.confirmed(), row.rejected(), row.transferShare(), "");
        }
    }

    private BenchReport.ThroughputRow throughput(final OrderService service, final int islands,
        final Workload workload, final boolean engine) throws InterruptedException
    {
        return throughput(service, islands, workload, engine, settings.threads());
    }

    private BenchReport.ThroughputRow throughput(final OrderService service, final int islands,
        final Workload workload, final boolean engine, final int threads) throws InterruptedException
    {
        ClosedLoopRun.run(service, 0, settings.warmup(), threads, settings.window());
        final long transfersBefore = engine ? ((EngineOrderService)service).ordersNeededTransfer() : 0;
        final ClosedLoopRun.Outcome outcome = ClosedLoopRun.run(service, settings.warmup(), workload.orders(),
            threads, settings.window());
        final double transferShare = engine ?
            (((EngineOrderService)service).ordersNeededTransfer() - transfersBefore) / (double)outcome.orders() : -1;
        final BenchReport.ThroughputRow row = new BenchReport.ThroughputRow(service.name(), islands,
            threads, engine || settings.durability() == Durability.NONE ? settings.durability().name() :
            "JOURNALED", outcome.orders(), outcome.nanos() / 1e9, outcome.confirmed(), outcome.rejected(),
            transferShare, service.reportJson());
        log(String.format(Locale.ROOT, "throughput %s%s: %.0f orders/s (%d orders, %d confirmed, %d rejected%s)",
            service.name(), engine ? " " + islands + " islands" : "", row.ordersPerSecond(), row.orders(),
            row.confirmed(), row.rejected(), engine ? String.format(Locale.ROOT, ", %.1f%% waited for a transfer",
            100 * transferShare) : ""));
        return row;
    }

    private BenchReport.LatencyRow latency(final int rate) throws Exception
    {
        final int islands = settings.referenceIslands();
        final Workload workload = workload(islands, warmupOrders(rate) + measuredOrders(rate));
        try (EngineOrderService warm = new EngineOrderService(islands, settings.islandThreads(),
            settings.durability(), settings.data(), false))
        {
            warmUp(warm, workload);
        }
        final OpenLoopRun.Outcome outcome;
        try (EngineOrderService engine = new EngineOrderService(islands, settings.islandThreads(),
            settings.durability(), settings.data(), false))
        {
            outcome = openLoop(engine, workload, rate);
        }
        final BenchReport.LatencyRow row = BenchReport.LatencyRow.of("engine", islands, outcome);
        log(String.format(Locale.ROOT, "latency %d islands at %d orders/s offered: %s, achieved %.0f/s, " +
            "p50 %.0f us, p99 %.0f us, p99.9 %.0f us, p99.99 %.0f us, max %.0f us (generator late p99 %.0f us)",
            islands, rate, row.held() ? "held" : "NOT held", row.achieved(), row.p50(), row.p99(), row.p999(),
            row.p9999(), row.max(), row.sendLagP99()));
        return row;
    }

    /**
     * The latency ceiling at one rate: the same generator, rate, orders and warm-up against a bare Disruptor hand-off
     * with one ring and one consumer thread per island of the engine's latency runs ({@link HandOffService}).
     */
    private BenchReport.LatencyRow handOffLatency(final int rate) throws Exception
    {
        final int islands = settings.referenceIslands();
        final Workload workload = workload(islands, warmupOrders(rate) + measuredOrders(rate));
        final OpenLoopRun.Outcome outcome;
        try (HandOffService handOff = new HandOffService(islands))
        {
            outcome = openLoop(handOff, workload, rate);
        }
        final BenchReport.LatencyRow row = BenchReport.LatencyRow.of("handoff", islands, outcome);
        log(String.format(Locale.ROOT, "latency ceiling (Disruptor hand-off, %d rings) at %d orders/s offered: %s, " +
            "p50 %.0f us, p99 %.0f us, p99.99 %.0f us, max %.0f us", islands, rate, row.held() ? "held" : "NOT held",
            row.p50(), row.p99(), row.p9999(), row.max()));
        return row;
    }

    private static int warmupOrders(final int rate)
    {
        return (int)Math.max(1_000, Math.min(Math.max(rate, 100_000), 2L * rate));
    }

    private int measuredOrders(final int rate)
    {
        return (int)Math.max(1_000, rate * settings.rateSeconds());
    }

    /**
     * Starts a system, warms it up at the rate, then measures it at the rate: the one open-loop procedure the engine
     * and its latency ceiling both go through.
     */
    private OpenLoopRun.Outcome openLoop(final OrderService service, final Workload workload, final int rate)
        throws Exception
    {
        service.start(workload);
        OpenLoopRun.run(service, 0, warmupOrders(rate), rate, settings.spin());
        // What was allocated before measuring (the workload, the rings, the warm-up's users) is promoted now, as a
        // long-running system's would be, instead of copied by the first young collection inside the measured window.
        System.gc();
        return OpenLoopRun.run(service, warmupOrders(rate), measuredOrders(rate), rate, settings.spin());
    }

    private Workload workload(final int islands, final int orders)
    {
        final String key = islands + "/" + orders;
        Workload workload = workloads.get(key);
        if (null == workload)
        {
            workloads.clear();
            workload = Workload.generate(settings.workload().withIslands(islands).withOrders(orders));
            workloads.put(key, workload);
        }
        return workload;
    }

    private void log(final String line)
    {
        log.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - settings.startNanos()) / 1e9, line);
    }
}
