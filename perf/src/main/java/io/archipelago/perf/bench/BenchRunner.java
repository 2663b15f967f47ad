package io.archipelago.perf.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.archipelago.engine.Durability;
import io.archipelago.perf.baseline.PekkoOrderService;
import io.archipelago.perf.baseline.SharedStateOrderService;
import io.archipelago.perf.jmh.TempDirectory;

/**
 * Runs the steps of {@link Bench} in order and collects the results. Progress goes to a stream, one line a step.
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

    BenchReport run() throws Exception
    {
        final BenchReport report = new BenchReport();
        log("machine: " + BenchReport.machine());
        report.ceilings.addAll(Ceilings.measure(settings.ceilingSeconds(), settings.data()));
        for (final Ceilings.Ceiling ceiling : report.ceilings)
        {
            log(String.format(Locale.ROOT, "ceiling %s: %.0f %s/s", ceiling.name(), ceiling.rate(), ceiling.unit()));
        }
        final int total = settings.orders() + settings.warmup();
        for (final int islands : settings.islands())
        {
            final Workload workload = workload(islands, total);
            for (int repeat = 0; repeat < settings.repeats(); repeat++)
            {
                final boolean replay = repeat == 0 && settings.durability() != Durability.NONE;
                final EngineOrderService engine = new EngineOrderService(islands, settings.durability(),
                    settings.data(), replay);
                try
                {
                    engine.start(workload);
                    final BenchReport.ThroughputRow row = throughput(engine, islands, workload, true);
                    report.throughput.add(row);
                    if (islands == 1)
                    {
                        report.throughput.add(new BenchReport.ThroughputRow("single-island", 1, row.threads(),
                            row.durability(), row.orders(), row.seconds(), row.confirmed(), row.rejected(),
                            row.transferShare(), "\"same_run_as\":\"engine, 1 island\""));
                    }
                }
                finally
                {
                    engine.close();
                }
                if (replay)
                {
                    try
                    {
                        for (final ReplayRun.Outcome outcome : ReplayRun.run(engine.dataDirectory(), islands,
                            settings.replayThreads()))
                        {
                            report.replay.add(new BenchReport.ReplayRow(outcome));
                            log(String.format(Locale.ROOT, "replay %d islands, %d thread(s): %d records in %.2f s " +
                                "= %.0f records/s (of which digests %.2f s; raw read %.0f records/s per island)", islands,
                                outcome.threads(), outcome.records(), outcome.nanos() / 1e9,
                                outcome.recordsPerSecond(), outcome.digestNanos() / 1e9, outcome.rawReadPerSec()));
                        }
                    }
                    finally
                    {
                        TempDirectory.delete(engine.dataDirectory());
                    }
                }
            }
        }
        final Workload reference = workload(settings.referenceIslands(), total);
        for (final String name : settings.baselines())
        {
            for (int repeat = 0; repeat < settings.repeats(); repeat++)
            {
                final Path scratch = Files.createTempDirectory(settings.data(), name + "-");
                try (OrderService baseline = baseline(name, scratch))
                {
                    baseline.start(reference);
                    report.throughput.add(throughput(baseline, 0, reference, false));
                }
                finally
                {
                    TempDirectory.delete(scratch);
                }
            }
        }
        latency(report);
        return report;
    }

    private OrderService baseline(final String name, final Path scratch)
    {
        return switch (name)
        {
            case "shared-state" -> new SharedStateOrderService(scratch, settings.durability() != Durability.NONE);
            case "pekko" -> new PekkoOrderService();
            default -> throw new IllegalArgumentException("unknown baseline " + name);
        };
    }

    private BenchReport.ThroughputRow throughput(final OrderService service, final int islands,
        final Workload workload, final boolean engine) throws InterruptedException
    {
        ClosedLoopRun.run(service, 0, settings.warmup(), settings.threads(), settings.window());
        final long transfersBefore = engine ? ((EngineOrderService)service).ordersNeededTransfer() : 0;
        final ClosedLoopRun.Outcome outcome = ClosedLoopRun.run(service, settings.warmup(), workload.orders(),
            settings.threads(), settings.window());
        final double transferShare = engine ?
            (((EngineOrderService)service).ordersNeededTransfer() - transfersBefore) / (double)outcome.orders() : -1;
        final BenchReport.ThroughputRow row = new BenchReport.ThroughputRow(service.name(), islands,
            settings.threads(), engine || settings.durability() == Durability.NONE ? settings.durability().name() :
            "JOURNALED", outcome.orders(), outcome.nanos() / 1e9, outcome.confirmed(), outcome.rejected(),
            transferShare, service.reportJson());
        log(String.format(Locale.ROOT, "throughput %s%s: %.0f orders/s (%d orders, %d confirmed, %d rejected%s)",
            service.name(), engine ? " " + islands + " islands" : "", row.ordersPerSecond(), row.orders(),
            row.confirmed(), row.rejected(), engine ? String.format(Locale.ROOT, ", %.1f%% waited for a transfer",
            100 * transferShare) : ""));
        return row;
    }

    private void latency(final BenchReport report) throws Exception
    {
        final int islands = settings.referenceIslands();
        for (final int rate : settings.rates())
        {
            final int warmupOrders = Math.max(1_000, rate / 2);
            final int measured = (int)Math.max(1_000, rate * settings.rateSeconds());
            final Workload workload = workload(islands, warmupOrders + measured);
            final OpenLoopRun.Outcome outcome;
            try (EngineOrderService engine = new EngineOrderService(islands, settings.durability(), settings.data(),
                false))
            {
                engine.start(workload);
                OpenLoopRun.run(engine, 0, warmupOrders, rate, settings.spin());
                outcome = OpenLoopRun.run(engine, warmupOrders, measured, rate, settings.spin());
            }
            final BenchReport.LatencyRow row = new BenchReport.LatencyRow("engine", islands, outcome);
            report.latency.add(row);
            log(String.format(Locale.ROOT, "latency %d islands at %d orders/s offered: %s, achieved %.0f/s, " +
                "p50 %.0f us, p99 %.0f us, p99.9 %.0f us, p99.99 %.0f us, max %.0f us (generator late p99 %.0f us)",
                islands, rate, outcome.held() ? "held" : "NOT held", outcome.achieved(), row.micros(50),
                row.micros(99), row.micros(99.9), row.micros(99.99), row.maxMicros(),
                outcome.sendLag().getValueAtPercentile(99) / 1000.0));
            if (!outcome.held() && rate >= 500_000)
            {
                break;
            }
        }
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
