package io.archipelago.tool.demo;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.tool.VersionProvider;
import io.archipelago.tool.inspection.StockTotals;
import io.archipelago.tool.inspection.TransferTotals;
import io.archipelago.tool.output.JsonOutput;

/**
 * What a demo run did and found, printed as a short summary or as one JSON object.
 *
 * @param settings      the run's settings.
 * @param dataDirectory the data directory (absolute), or {@code null} when nothing was journaled.
 * @param reset         whether an earlier run's data was deleted first.
 * @param phase         the order phase.
 * @param stock         units over all islands and products once every order was decided and the islands were quiet.
 * @param transfers     transfers between the islands, counted at the same time.
 * @param quiescence    the wait for the islands to go quiet before closing.
 * @param closeNanos    wall time of closing the engine.
 * @param closeDigests  each island's digest at close, by partition.
 * @param replay        the replay check.
 * @param totalNanos    wall time of the whole run.
 */
record DemoReport(DemoSettings settings, Path dataDirectory, boolean reset, OrderPhase phase, StockTotals stock,
    TransferTotals transfers, Quiescence quiescence, long closeNanos, List<String> closeDigests, ReplayCheck replay,
    long totalNanos)
{
    /**
     * @return orders with an outcome (every order, once the phase has completed).
     */
    long placed()
    {
        return phase.tally().decided();
    }

    long confirmed()
    {
        return phase.tally().count(ResultCode.CONFIRMED);
    }

    long rejected()
    {
        return placed() - confirmed();
    }

    /**
     * @return every check that failed, as a phrase; empty when the run is sound.
     */
    List<String> failures()
    {
        final List<String> failures = new ArrayList<>();
        if (placed() != settings.orders())
        {
            failures.add(placed() + " of " + settings.orders() + " orders were decided");
        }
        final long confirmedUnits = phase.tally().confirmedUnits();
        if (stock.sold() != confirmedUnits)
        {
            failures.add("the islands report " + stock.sold() + " units sold but confirmed orders hold " +
                confirmedUnits);
        }
        if (stock.sold() > settings.createdUnits())
        {
            failures.add(stock.sold() + " units sold but only " + settings.createdUnits() + " were created");
        }
        if (stock.created() != settings.createdUnits())
        {
            failures.add("the islands report " + stock.created() + " units created but the demo created " +
                settings.createdUnits());
        }
        if (!stock.balanced())
        {
            failures.add("units do not balance: " + stock.created() + " created but " + stock.sold() + " sold + " +
                stock.available() + " available + " + stock.reserved() + " reserved + " + stock.inFlight() +
                " in flight = " + stock.accounted());
        }
        for (final String violation : stock.violations())
        {
            failures.add("invariant broken: " + violation);
        }
        if (replay.performed() && !replay.verified())
        {
            failures.add("after replay of " + dataDirectory + " the digests of islands " + replay.mismatched() +
                " differ from their digests at close");
        }
        return failures;
    }

    /**
     * @param out receives the summary.
     */
    void printSummary(final PrintWriter out)
    {
        final OrderTally tally = phase.tally();
        out.println(line("orders", String.format(Locale.ROOT, "%,d placed: %,d confirmed, %,d rejected",
            placed(), confirmed(), rejected())));
        for (final Map.Entry<ResultCode, Long> reason : tally.rejectedByReason().entrySet())
        {
            out.println(line("", String.format(Locale.ROOT, "%,d rejected %s", reason.getValue(), reason.getKey())));
        }
        out.println(line("units", unitsSummary()));
        out.println(line("transfers", transfersSummary()));
        out.println(line("throughput", String.format(Locale.ROOT, "%,.0f orders/s (%,d orders in %.3f s)",
            phase.ordersPerSecond(), placed(), phase.nanos() / 1e9)));
        if (tally.overloadedRetries() > 0)
        {
            out.println(line("", String.format(Locale.ROOT, "%,d submits found a ring full and were retried",
                tally.overloadedRetries())));
        }
        if (!quiescence.settled())
        {
            out.println(line("close", String.format(Locale.ROOT,
                "islands were still changing state %.1f s after the last order was decided; closed anyway",
                quiescence.nanos() / 1e9)));
        }
        if (!replay.performed())
        {
            out.println(line("replay", "skipped: durability " + settings.durability() + " keeps no journal"));
        }
        else
        {
            out.println(line("replay", String.format(Locale.ROOT,
                "%s: %d islands replayed %,d records in %.3f s (%,.0f records/s); %s",
                replay.verified() ? "verified" : "FAILED", closeDigests.size(), replay.records(), replay.nanos() / 1e9,
                replay.recordsPerSecond(), replay.verified() ? "every digest equals the one at close" :
                "digests of islands " + replay.mismatched() + " differ from those at close")));
        }
        out.println(line("data", null == dataDirectory ? "none (in memory only)" : dataDirectory.toString()));
        out.println(line("total", String.format(Locale.ROOT, "%.3f s", totalNanos / 1e9)));
    }

    /**
     * @return the run as one JSON object.
     */
    String toJson()
    {
        final OrderTally tally = phase.tally();
        final ObjectNode json = JsonOutput.object()
            .put("command", "demo")
            .put("version", VersionProvider.version())
            .put("ok", failures().isEmpty())
            .put("partitions", settings.partitions());

        final ObjectNode orders = json.putObject("orders")
            .put("placed", placed())
            .put("confirmed", confirmed())
            .put("rejected", rejected());
        final ObjectNode rejectedByReason = orders.putObject("rejected_by_reason");
        for (final Map.Entry<ResultCode, Long> reason : tally.rejectedByReason().entrySet())
        {
            rejectedByReason.put(reason.getKey().name(), reason.getValue());
        }
        orders
            .put("overloaded_retries", tally.overloadedRetries())
            .put("needed_transfer", transfers.ordersNeededTransfer());

        json.putObject("units")
            .put("created", stock.created())
            .put("confirmed", tally.confirmedUnits())
            .put("sold", stock.sold())
            .put("available", stock.available())
            .put("reserved", stock.reserved())
            .put("in_flight", stock.inFlight());

        json.putObject("transfers")
            .put("requested", transfers.requested())
            .put("granted", transfers.granted())
            .put("denied", transfers.denied())
            .put("units_moved", transfers.unitsMoved())
            .put("timeouts", transfers.timeouts());
        json.put("transfers_per_confirmed_order", JsonOutput.decimal(transfers.perConfirmedOrder(confirmed()), 4));

        json.put("throughput_orders_per_s", JsonOutput.decimal(phase.ordersPerSecond(), 1))
            .put("elapsed_ms", JsonOutput.decimal(phase.nanos() / 1e6, 3));

        json.putObject("quiescence")
            .put("settled", quiescence.settled())
            .put("elapsed_ms", JsonOutput.decimal(quiescence.nanos() / 1e6, 3));
        json.put("close_ms", JsonOutput.decimal(closeNanos / 1e6, 3));

        final ArrayNode digests = json.putArray("digests");
        for (final String digest : closeDigests)
        {
            digests.add(digest);
        }

        json.put("data_dir", null == dataDirectory ? null : dataDirectory.toString())
            .put("data_dir_reset", reset);

        final ObjectNode replayJson = json.putObject("replay")
            .put("performed", replay.performed())
            .put("verified", replay.performed() ? Boolean.valueOf(replay.verified()) : null)
            .put("records", replay.records())
            .put("elapsed_ms", JsonOutput.decimal(replay.nanos() / 1e6, 3))
            .put("records_per_s", JsonOutput.decimal(replay.recordsPerSecond(), 1))
            .put("clean_shutdown_verified", replay.cleanShutdownVerified());
        final ArrayNode mismatched = replayJson.putArray("mismatched_partitions");
        for (final int partition : replay.mismatched())
        {
            mismatched.add(partition);
        }

        json.put("total_ms", JsonOutput.decimal(totalNanos / 1e6, 3));

        json.putObject("config")
            .put("partitions", settings.partitions())
            .put("users", settings.users())
            .put("skew", settings.skewDecimal())
            .put("products", settings.products())
            .put("orders", settings.orders())
            .put("units", settings.units())
            .put("min_quantity", settings.minQuantity())
            .put("max_quantity", settings.maxQuantity())
            .put("max_lines", settings.maxLines())
            .put("order_timeout_ms", settings.orderTimeoutMillis())
            .put("threads", settings.threads())
            .put("in_flight", settings.inFlight())
            .put("seed", settings.seed())
            .put("data", settings.dataDirectory().toString())
            .put("json", settings.json())
            .put("wait_strategy", settings.waitStrategy().name())
            .put("island_threads", settings.islandThreads())
            .put("durability", settings.durability().name())
            .put("ring_size", settings.ringSize())
            .put("snapshot_every", settings.snapshotEvery());

        return JsonOutput.write(json);
    }

    /**
     * @param settings a run's settings.
     * @return one line saying what the run does.
     */
    static String describe(final DemoSettings settings)
    {
        return String.format(Locale.ROOT,
            "demo: %d islands, %,d users%s, %,d products x %,d units, %,d orders of 1..%d lines x %d..%d units " +
            "(waiting at most %,d ms for transfers), %d client threads (%,d in flight each), seed %d, %d island " +
            "threads, %s wait, %s, ring %,d",
            settings.partitions(), settings.users(), settings.skew() == 0 ? "" : " + " + Logins.HEAVY_USERS +
            " heavy users placing a share of " + settings.skewDecimal().toPlainString() + " of the orders",
            settings.products(),
            settings.units(), settings.orders(), settings.maxLines(), settings.minQuantity(), settings.maxQuantity(),
            settings.orderTimeoutMillis(), settings.threads(), settings.inFlight(), settings.seed(),
            settings.islandThreads(), settings.waitStrategy(), settings.durability(), settings.ringSize());
    }

    private String unitsSummary()
    {
        final long confirmedUnits = phase.tally().confirmedUnits();
        final StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%,d sold of %,d created (%s)",
            stock.sold(), stock.created(), stock.sold() == confirmedUnits ? "equal to the units of confirmed orders" :
            String.format(Locale.ROOT, "but confirmed orders hold %,d", confirmedUnits)));
        text.append(String.format(Locale.ROOT, "; %,d available", stock.available()));
        if (stock.reserved() != 0)
        {
            text.append(String.format(Locale.ROOT, ", %,d reserved", stock.reserved()));
        }
        text.append(String.format(Locale.ROOT, ", %,d in flight", stock.inFlight()));
        if (!stock.balanced())
        {
            text.append(String.format(Locale.ROOT, " (UNBALANCED: %,d accounted for)", stock.accounted()));
        }
        return text.toString();
    }

    private String transfersSummary()
    {
        final StringBuilder text = new StringBuilder()
            .append(count(transfers.requested(), "request")).append(": ")
            .append(count(transfers.granted(), "grant")).append(", ")
            .append(count(transfers.denied(), "denial"));
        if (transfers.timeouts() != 0)
        {
            text.append(String.format(Locale.ROOT, ", %,d timed out", transfers.timeouts()));
        }
        return text.append("; ").append(count(transfers.unitsMoved(), "unit")).append(" moved; ")
            .append(count(transfers.ordersNeededTransfer(), "order")).append(" waited for a transfer").toString();
    }

    private static String count(final long count, final String noun)
    {
        return String.format(Locale.ROOT, "%,d %s%s", count, noun, count == 1 ? "" : "s");
    }

    private static String line(final String label, final String text)
    {
        return String.format(Locale.ROOT, "%-11s %s", label, text);
    }
}
