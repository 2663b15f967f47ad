package io.archipelago.perf.scarce;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.HintedTransferStrategy;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.TransferPolicy;
import io.archipelago.engine.model.TransferStrategy;
import io.archipelago.engine.model.WoundWaitTransferStrategy;
import io.archipelago.perf.report.ResultFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Scarce stock, before and after: one product spread thin over the islands, multi-unit orders for it placed from two
 * client threads at once, decided by the hinted strategy (no yielding, sold out after two empty rounds) and by
 * wound-wait (yielding, sold out by count). Per case it reports the units left unsold, the time until the last order
 * was decided (as a share of the order deadline, the ceiling of that time), and the transfers per confirmed order.
 */
@Command(name = "perf/run scarce", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
    description = {
        "Scarce stock before and after: for each case (islands, units, orders x quantity) one run with the hinted",
        "strategy (the before) and one with wound-wait (the default), real island threads, journaled. Reports units",
        "left unsold (the target: fewer than one order's quantity), the time until the last order was decided, and",
        "transfers (grants) per confirmed order; writes <out>/scarce.json."},
    footer = {"", "Examples:",
        "  perf/run scarce                        # the six cases, about a minute on 2 cores",
        "  perf/run scarce --cases 64:256:300:3 --repeats 3"})
public final class ScarceStock implements Callable<Integer>
{
    private static final long PRODUCT = 7;
    private static final int CLIENT_THREADS = 2;

    @Option(names = "--cases", split = ",", description = "islands:units:orders:quantity, comma-separated " +
        "(default: 8 and 64 islands with 1-, 2- and 3-unit orders).")
    List<String> cases = List.of("8:10:12:1", "8:10:8:2", "8:100:400:3", "64:256:400:1", "64:256:200:2",
        "64:256:300:3");

    @Option(names = "--before-deadline-ms", defaultValue = "5000", description = "Order deadline of the hinted " +
        "(before) runs: its stuck orders wait until it (default: ${DEFAULT-VALUE}).")
    int beforeDeadlineMillis;

    @Option(names = "--after-deadline-ms", defaultValue = "120000", description = "Order deadline of the " +
        "wound-wait (after) runs (default: ${DEFAULT-VALUE}).")
    int afterDeadlineMillis;

    @Option(names = "--repeats", defaultValue = "1", description = "Runs of each case and strategy " +
        "(default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--island-threads", defaultValue = "2", description = "Threads running the islands " +
        "(default: ${DEFAULT-VALUE}).")
    int islandThreads;

    @Option(names = "--out", defaultValue = "perf/results", description = "Results directory (default: " +
        "${DEFAULT-VALUE}).")
    Path out;

    /**
     * One run's outcome.
     *
     * @param strategy      the transfer strategy's name.
     * @param islands       islands.
     * @param units         units created.
     * @param orders        orders placed.
     * @param quantity      units per order.
     * @param deadlineMs    the orders' deadline.
     * @param confirmed     orders confirmed.
     * @param unitsLeft     units left unsold once every order was decided.
     * @param decidedMs     milliseconds from the first order until the last was decided.
     * @param requests      transfer requests sent.
     * @param grants        transfer grants sent.
     * @param unitsMoved    units moved between islands.
     */
    record Run(String strategy, int islands, long units, int orders, int quantity, int deadlineMs, long confirmed,
        long unitsLeft, long decidedMs, long requests, long grants, long unitsMoved)
    {
        boolean strandedWithinTarget()
        {
            return unitsLeft < quantity || confirmed == orders;
        }

        double grantsPerConfirmed()
        {
            return confirmed == 0 ? 0 : (double)grants / confirmed;
        }

        double decidedShareOfDeadline()
        {
            return (double)decidedMs / deadlineMs;
        }
    }

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new ScarceStock()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        final List<Run> runs = new ArrayList<>();
        final PrintStream print = System.out;
        print.printf("%-11s %7s %6s %9s | %9s %5s %9s %8s %7s %10s%n", "strategy", "islands", "units", "orders",
            "confirmed", "left", "decided", "of dl", "grants", "grants/ord");
        for (final String text : cases)
        {
            final String[] parts = text.split(":");
            if (parts.length != 4)
            {
                throw new CommandLine.ParameterException(new CommandLine(this),
                    "a case is islands:units:orders:quantity, not " + text);
            }
            final int islands = Integer.parseInt(parts[0]);
            final long units = Long.parseLong(parts[1]);
            final int orders = Integer.parseInt(parts[2]);
            final int quantity = Integer.parseInt(parts[3]);
            for (int r = 0; r < repeats; r++)
            {
                for (final TransferStrategy strategy : List.of(new HintedTransferStrategy(),
                    new WoundWaitTransferStrategy()))
                {
                    final int deadline = strategy instanceof HintedTransferStrategy ? beforeDeadlineMillis :
                        afterDeadlineMillis;
                    final Run run = run(strategy, deadline, islands, units, orders, quantity);
                    runs.add(run);
                    print.printf(Locale.ROOT, "%-11s %7d %6d %5d x %d | %9d %5d %7d ms %7.3f %7d %10.2f%s%n",
                        run.strategy, islands, units, orders, quantity, run.confirmed, run.unitsLeft, run.decidedMs,
                        run.decidedShareOfDeadline(), run.grants, run.grantsPerConfirmed(),
                        run.strandedWithinTarget() ? "" : "   <- more than quantity-1 left");
                }
            }
        }
        write(runs);
        return 0;
    }

    private Run run(final TransferStrategy strategy, final int deadlineMillis, final int islands, final long units,
        final int orders, final int quantity) throws Exception
    {
        final Path dir = Files.createTempDirectory("archipelago-scarce");
        try
        {
            final TransferPolicy policy = new TransferPolicy(strategy, TransferPolicy.DEFAULT.transferTimeoutMillis(),
                TransferPolicy.DEFAULT.retryInitialMillis(), TransferPolicy.DEFAULT.retryMaxMillis(), deadlineMillis);
            final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(islands)
                .islandThreads(Math.min(islandThreads, islands)).dataDirectory(dir.resolve("data")).ringSize(1024)
                .transferPolicy(policy).build();
            try (Archipelago engine = Archipelago.open(config))
            {
                engine.createProduct(PRODUCT, units).get(30, TimeUnit.SECONDS);
                final List<List<CompletableFuture<ResultCode>>> perClient = new ArrayList<>();
                final Thread[] clients = new Thread[CLIENT_THREADS];
                final long started = System.nanoTime();
                for (int c = 0; c < clients.length; c++)
                {
                    final List<CompletableFuture<ResultCode>> results = new ArrayList<>();
                    perClient.add(results);
                    final int client = c;
                    clients[c] = new Thread(() ->
                    {
                        for (int i = client; i < orders; i += CLIENT_THREADS)
                        {
                            results.add(engine.placeOrder("user-" + i, i, new OrderLine(PRODUCT, quantity)));
                        }
                    });
                    clients[c].start();
                }
                for (final Thread client : clients)
                {
                    client.join();
                }
                long confirmed = 0;
                for (final List<CompletableFuture<ResultCode>> results : perClient)
                {
                    for (final CompletableFuture<ResultCode> result : results)
                    {
                        final ResultCode code = result.get(deadlineMillis * 2L + 30_000, TimeUnit.MILLISECONDS);
                        if (code != ResultCode.CONFIRMED && code != ResultCode.OUT_OF_STOCK)
                        {
                            throw new IllegalStateException("an order ended " + code);
                        }
                        confirmed += code == ResultCode.CONFIRMED ? 1 : 0;
                    }
                }
                final long decidedMs = (System.nanoTime() - started) / 1_000_000;
                final long sold = engine.productView(PRODUCT).get(30, TimeUnit.SECONDS).sold();
                if (sold != confirmed * quantity)
                {
                    throw new IllegalStateException(sold + " units sold for " + confirmed + " orders of " + quantity);
                }
                return new Run(strategy.name(), islands, units, orders, quantity, deadlineMillis, confirmed,
                    units - sold, decidedMs, engine.statistics().requestsSent(), engine.statistics().grantsSent(),
                    engine.statistics().unitsSent());
            }
        }
        finally
        {
            ResultFiles.deleteTree(dir);
        }
    }

    private void write(final List<Run> runs) throws IOException
    {
        final Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", ResultFiles.machine());
        report.put("settings", Map.of("client_threads", CLIENT_THREADS, "island_threads", islandThreads,
            "durability", "JOURNALED", "ring_size", 1024, "repeats", repeats));
        final List<Map<String, Object>> rows = new ArrayList<>();
        for (final Run run : runs)
        {
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("strategy", run.strategy);
            row.put("islands", run.islands);
            row.put("units", run.units);
            row.put("orders", run.orders);
            row.put("quantity", run.quantity);
            row.put("deadline_ms", run.deadlineMs);
            row.put("confirmed", run.confirmed);
            row.put("units_left", run.unitsLeft);
            row.put("stranded_within_target", run.strandedWithinTarget());
            row.put("last_decided_ms", run.decidedMs);
            row.put("last_decided_share_of_deadline", run.decidedShareOfDeadline());
            row.put("requests", run.requests);
            row.put("grants", run.grants);
            row.put("units_moved", run.unitsMoved);
            row.put("grants_per_confirmed_order", run.grantsPerConfirmed());
            rows.add(row);
        }
        report.put("runs", rows);
        final Path file = ResultFiles.writeJson(out, "scarce.json", report);
        System.out.println("wrote " + file);
    }

}
