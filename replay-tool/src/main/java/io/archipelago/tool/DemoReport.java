package io.archipelago.tool;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.archipelago.engine.ResultCode;

/**
 * What a demo run did and found, printed as a short summary or as one JSON object.
 *
 * @param settings      the run's settings.
 * @param dataDirectory the data directory (absolute), or {@code null} when nothing was journaled.
 * @param reset         whether an earlier run's data was deleted first.
 * @param phase         the order phase.
 * @param soldUnits     units sold over all islands, as the islands report it.
 * @param quiescence    the wait for the islands to go quiet before closing.
 * @param closeNanos    wall time of closing the engine.
 * @param closeDigests  each island's digest at close, by partition.
 * @param replay        the replay check.
 * @param totalNanos    wall time of the whole run.
 */
record DemoReport(DemoSettings settings, Path dataDirectory, boolean reset, OrderPhase phase, long soldUnits,
    Quiescence quiescence, long closeNanos, List<String> closeDigests, ReplayCheck replay, long totalNanos)
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
        if (soldUnits != confirmedUnits)
        {
            failures.add("the islands report " + soldUnits + " units sold but confirmed orders hold " +
                confirmedUnits);
        }
        if (soldUnits > settings.createdUnits())
        {
            failures.add(soldUnits + " units sold but only " + settings.createdUnits() + " were created");
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
        out.println(line("units", String.format(Locale.ROOT, "%,d sold of %,d created (%s)", soldUnits,
            settings.createdUnits(), soldUnits == tally.confirmedUnits() ?
            "equal to the units of confirmed orders" :
            String.format(Locale.ROOT, "but confirmed orders hold %,d", tally.confirmedUnits()))));
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
            .endObject();

        json.name("units").beginObject()
            .field("created", settings.createdUnits())
            .field("confirmed", tally.confirmedUnits())
            .field("sold", soldUnits)
            .endObject();

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
            .field("products", settings.products())
            .field("orders", settings.orders())
            .field("units", settings.units())
            .field("max_quantity", settings.maxQuantity())
            .field("max_lines", settings.maxLines())
            .field("threads", settings.threads())
            .field("in_flight", settings.inFlight())
            .field("seed", settings.seed())
            .field("data", settings.dataDirectory().toString())
            .field("json", settings.json())
            .field("wait_strategy", settings.waitStrategy().name())
            .field("durability", settings.durability().name())
            .field("ring_size", settings.ringSize())
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
            "demo: %d islands, %,d users, %,d products x %,d units, %,d orders of 1..%d lines x 1..%d units, " +
            "%d client threads (%,d in flight each), seed %d, %s wait, %s, ring %,d",
            settings.partitions(), settings.users(), settings.products(), settings.units(), settings.orders(),
            settings.maxLines(), settings.maxQuantity(), settings.threads(), settings.inFlight(), settings.seed(),
            settings.waitStrategy(), settings.durability(), settings.ringSize());
    }

    private static String line(final String label, final String text)
    {
        return String.format(Locale.ROOT, "%-11s %s", label, text);
    }
}
