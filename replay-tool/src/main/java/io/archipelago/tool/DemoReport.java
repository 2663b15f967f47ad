package io.archipelago.tool;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.archipelago.engine.model.ResultCode;

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
        final JsonWriter json = new JsonWriter().beginObject()
            .field("command", "demo")
            .field("version", VersionProvider.version())
            .field("ok", failures().isEmpty())
            .field("partitions", settings.partitions());

        json.name("orders").beginObject()
            .field("placed", placed())
            .field("confirmed", confirmed())
            .field("rejected", rejected());
        json.name("rejected_by_reason").beginObject();
        for (final Map.Entry<ResultCode, Long> reason : tally.rejectedByReason().entrySet())
        {
            json.field(reason.getKey().name(), reason.getValue());
        }
        json.endObject()
            .field("overloaded_retries", tally.overloadedRetries())
            .field("needed_transfer", transfers.ordersNeededTransfer())
            .endObject();

        json.name("units").beginObject()
            .field("created", stock.created())
            .field("confirmed", tally.confirmedUnits())
            .field("sold", stock.sold())
            .field("available", stock.available())
            .field("reserved", stock.reserved())
            .field("in_flight", stock.inFlight())
            .endObject();

        json.name("transfers").beginObject()
            .field("requested", transfers.requested())
            .field("granted", transfers.granted())
            .field("denied", transfers.denied())
            .field("units_moved", transfers.unitsMoved())
            .field("timeouts", transfers.timeouts())
            .endObject();
        json.field("transfers_per_confirmed_order", transfers.perConfirmedOrder(confirmed()), 4);

        json.field("throughput_orders_per_s", phase.ordersPerSecond(), 1)
            .field("elapsed_ms", phase.nanos() / 1e6, 3);

        json.name("quiescence").beginObject()
            .field("settled", quiescence.settled())
            .field("elapsed_ms", quiescence.nanos() / 1e6, 3)
            .endObject();
        json.field("close_ms", closeNanos / 1e6, 3);

        json.name("digests").beginArray();
        for (final String digest : closeDigests)
        {
            json.value(digest);
        }
        json.endArray();

        json.field("data_dir", null == dataDirectory ? null : dataDirectory.toString())
            .field("data_dir_reset", reset);

        json.name("replay").beginObject().field("performed", replay.performed());
        if (replay.performed())
        {
            json.field("verified", replay.verified());
        }
        else
        {
            json.name("verified").nullValue();
        }
        json.field("records", replay.records())
            .field("elapsed_ms", replay.nanos() / 1e6, 3)
            .field("records_per_s", replay.recordsPerSecond(), 1)
            .field("clean_shutdown_verified", replay.cleanShutdownVerified());
        json.name("mismatched_partitions").beginArray();
        for (final int partition : replay.mismatched())
        {
            json.value(partition);
        }
        json.endArray().endObject();

        json.field("total_ms", totalNanos / 1e6, 3);

        json.name("config").beginObject()
            .field("partitions", settings.partitions())
            .field("users", settings.users())
            .field("skew", settings.skewDecimal())
            .field("products", settings.products())
            .field("orders", settings.orders())
            .field("units", settings.units())
            .field("max_quantity", settings.maxQuantity())
            .field("max_lines", settings.maxLines())
            .field("order_timeout_ms", settings.orderTimeoutMillis())
            .field("threads", settings.threads())
            .field("in_flight", settings.inFlight())
            .field("seed", settings.seed())
            .field("data", settings.dataDirectory().toString())
            .field("json", settings.json())
            .field("wait_strategy", settings.waitStrategy().name())
            .field("island_threads", settings.islandThreads())
            .field("durability", settings.durability().name())
            .field("ring_size", settings.ringSize())
            .field("snapshot_every", settings.snapshotEvery())
            .endObject();

        return json.endObject().toString();
    }

    /**
     * @param settings a run's settings.
     * @return one line saying what the run does.
     */
    static String describe(final DemoSettings settings)
    {
        return String.format(Locale.ROOT,
            "demo: %d islands, %,d users%s, %,d products x %,d units, %,d orders of 1..%d lines x 1..%d units " +
            "(waiting at most %,d ms for transfers), %d client threads (%,d in flight each), seed %d, %d island " +
            "threads, %s wait, %s, ring %,d",
            settings.partitions(), settings.users(), settings.skew() == 0 ? "" : " + " + Logins.HEAVY_USERS +
            " heavy users placing a share of " + settings.skewDecimal().toPlainString() + " of the orders",
            settings.products(),
            settings.units(), settings.orders(), settings.maxLines(), settings.maxQuantity(),
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
