package io.archipelago.tool.commands;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.archipelago.tool.ExitCodes;
import io.archipelago.tool.VersionProvider;
import io.archipelago.tool.inspection.History;
import io.archipelago.tool.inspection.IndexedHistory;
import io.archipelago.tool.inspection.JournalEntry;
import io.archipelago.tool.inspection.ReadOnlyDataDirectory;
import io.archipelago.tool.output.JsonOutput;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/**
 * {@code archipelago history}: every journal record concerning one user, one of the user's orders, holds or timers, or
 * one product, in order.
 */
@CommandLine.Command(
    name = "history",
    header = "Print every journal record concerning one user, one order, hold or timer, or one product, in order.",
    customSynopsis = {
        "archipelago history [--data DIR] [--json] [--limit N]",
        "                           (--user LOGIN [--order ID | --timer KEY] [--replay] | --product ID)" },
    description = {
        "--user: the user's records (PLACE_ORDER, CANCEL_ORDER, PLACE_HOLD, CONFIRM_HOLD, RELEASE_HOLD, SCHEDULE, " +
            "CANCEL_SCHEDULE), read from the user's island only (the island the router assigns the login to), and " +
            "the records that decided one of the user's orders or holds (a grant that completed it, a denial or a " +
            "TICK at its deadline that rejected it, a TICK at a held hold's expiry) or fired one of the user's " +
            "timers (a TICK), each with the change it made: => order 17: PENDING -> CONFIRMED, => hold 3: HELD -> " +
            "EXPIRED, => timer 7: fired (due 2026-11-27T06:16:45.878Z). They are found through the island's user " +
            "index (partition-NNN/users, written by the engine at close), so the time taken follows the user's " +
            "records, not the island's; the decisions come from the island's event log. An index that is missing, " +
            "damaged, from another directory or behind the journal is read around (from the journal, in memory, " +
            "with a notice on stderr); nothing is written. --replay replays the island instead.",
        "--user with --order: the same for one order or hold (holds share the user's order ids).",
        "--user with --timer: the same for one timer: its SCHEDULE and CANCEL_SCHEDULE records and the TICK that " +
            "fired it (timer keys are the user's own, apart from order ids).",
        "--product: every island's records that create or restock the product, order it (PLACE_ORDER naming it, " +
            "and CANCEL_ORDER of those orders) or move its units between islands (TRANSFER_REQUEST, " +
            "TRANSFER_GRANT, TRANSFER_DENIAL), tagged with their island and merged by journaled time, then island, " +
            "then island sequence.",
        "Lines read: [island] sequence, journaled time (UTC), type, source (client, timer, or island S #N: message " +
            "N of the link from island S), fields.",
        "" },
    exitCodeList = {
        "0:the history was printed (possibly empty: a notice on stderr says so)",
        "2:bad usage, or a data directory that is missing, empty, foreign or damaged" },
    footer = {
        "  ./archipelago history --data /tmp/archipelago-demo --user heavy-0 | head",
        "      the first orders of user heavy-0 and what decided them",
        "  ./archipelago history --data /tmp/archipelago-demo --user user-17 --order 4242",
        "      one order: placed, waited, confirmed or rejected, cancelled",
        "  ./archipelago history --data /tmp/archipelago-demo --user user-17 --timer 7",
        "      one timer: scheduled, rescheduled, fired or cancelled",
        "  ./archipelago history --data /tmp/archipelago-demo --product 3 --limit 50",
        "      product 3 on every island: creation, orders, transfers",
        "  ./archipelago history --data /tmp/archipelago-demo --product 3 --json | jq '.records[].type'",
        "      the same for scripts" })
public final class HistoryCommand extends ToolCommand
{
    @Mixin
    private ReadOptions options;

    @Option(names = "--user", paramLabel = "LOGIN",
        description = "The user's records (with --order: one order's or hold's; with --timer: one timer's).")
    private String login;

    @Option(names = "--order", paramLabel = "ID", description = "One order or hold of the --user.")
    private Long orderId;

    @Option(names = "--timer", paramLabel = "KEY", description = "One timer of the --user.")
    private Long timerKey;

    @Option(names = "--product", paramLabel = "ID", description = "The product's records on every island.")
    private Long productId;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most N records (default: every record).")
    private Long limit;

    @Option(names = "--replay", description = "With --user: replay the user's island in memory instead of reading " +
        "through its user index (slower, reads the whole journal; shows decisions the event log does not hold yet).")
    private boolean replay;

    @Override
    public Integer call()
    {
        validate();
        final PrintWriter out = out();
        final PrintWriter err = err();
        final ReadOnlyDataDirectory data = options.open(this);
        final long max = null == limit ? Long.MAX_VALUE : limit;
        final Integer partition = null == login ? null : data.partitionOf(login);
        final String subject = subject(partition);
        for (int island = 0; island < data.partitions(); island++)
        {
            if (null == partition || partition == island)
            {
                data.checkIsland(island);
            }
        }

        final ObjectNode json = options.json ? jsonHeader(data, partition) : null;
        final ArrayNode records = null == json ? null : json.putArray("records");
        if (null == json)
        {
            out.println("history of " + subject + " in " + data.directory() + ":");
        }

        final IndexedHistory.Notices[] notices = new IndexedHistory.Notices[1];
        final long[] printed = new long[1];
        final boolean[] more = new boolean[1];
        final History.Sink sink = (entry, changes, timerChanges) ->
        {
            if (printed[0] == max)
            {
                more[0] = true;
                return false;
            }
            printed[0]++;
            if (null != records)
            {
                final ObjectNode record = records.addObject();
                entry.writeMembers(record);
                if (null == productId)
                {
                    writeChanges(record, changes);
                    writeTimerChanges(record, timerChanges);
                }
            }
            else
            {
                out.println(entry.toLine(null != productId) + describe(changes) + describeTimers(timerChanges));
            }
            return true;
        };
        data.read(() ->
        {
            if (null != productId)
            {
                History.ofProduct(data, productId, sink);
            }
            else if (replay)
            {
                History.ofUser(data, new History.UserSubject(login, orderId, timerKey), sink);
            }
            else
            {
                notices[0] = IndexedHistory.ofUser(data, new History.UserSubject(login, orderId, timerKey), sink);
            }
            return null;
        });
        final IndexedHistory.Notices read = notices[0];
        if (null != read && null != read.indexSetAside())
        {
            err.println("history: island " + partition + "'s user index was not used (" + read.indexSetAside() +
                "); read from the journal and the event log instead (the engine rebuilds the index when it next " +
                "closes)");
        }
        if (null != read && read.journalEnd() > read.decisionsThrough())
        {
            err.println("history: island " + partition + "'s event log ends at island sequence " +
                read.decisionsThrough() + " but its journal at " + read.journalEnd() + " (the engine stopped " +
                "before writing the events of its last records; it writes them when it next opens): the user's " +
                "records after " + read.decisionsThrough() + " are shown without what they decided; --replay " +
                "shows it now");
        }

        if (null != json)
        {
            out.println(JsonOutput.write(json.put("count", printed[0]).put("more", more[0])));
        }
        else if (printed[0] == 0 && max > 0)
        {
            err.println("history: no journal record concerns " + subject + " in " + data.directory());
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void validate()
    {
        if (null != productId && (null != login || null != orderId || null != timerKey))
        {
            throw new ParameterException(commandLine(), "--product goes alone; --user, --order and --timer select " +
                "a user, an order or a timer instead");
        }
        if (null != orderId && null == login)
        {
            throw new ParameterException(commandLine(), "--order needs the --user who placed it (order ids " +
                "are per user)");
        }
        if (null != timerKey && null == login)
        {
            throw new ParameterException(commandLine(), "--timer needs the --user who set it (timer keys are per " +
                "user)");
        }
        if (null != orderId && null != timerKey)
        {
            throw new ParameterException(commandLine(), "--order and --timer select different things; choose one");
        }
        if (null == productId && null == login)
        {
            throw new ParameterException(commandLine(), "choose what to trace: --user LOGIN, --user LOGIN " +
                "--order ID, --user LOGIN --timer KEY, or --product ID");
        }
        if (null != login && login.isEmpty())
        {
            throw new ParameterException(commandLine(), "--user must not be empty");
        }
        if (replay && null == login)
        {
            throw new ParameterException(commandLine(), "--replay goes with --user (a product's history reads every " +
                "island's journal anyway)");
        }
        if (null != limit && limit < 0)
        {
            throw new ParameterException(commandLine(), "--limit must not be negative, was " + limit);
        }
    }

    private String subject(final Integer partition)
    {
        if (null != productId)
        {
            return "product " + productId + " on every island";
        }
        final String island = " (island " + partition + ")";
        if (null != timerKey)
        {
            return "timer " + timerKey + " of user " + login + island;
        }
        return null == orderId ? "user " + login + island : "order " + orderId + " of user " + login + island;
    }

    /**
     * @return the changes as {@code  => order 17: PENDING -> CONFIRMED}, or for several orders making the same change
     *         {@code  => orders 17, 18: PENDING -> CONFIRMED}; holds alike:
     *         {@code  => hold 3: HELD -> EXPIRED}.
     */
    private static String describe(final List<History.OrderChange> changes)
    {
        final StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < changes.size())
        {
            final History.OrderChange first = changes.get(i);
            int end = i + 1;
            while (end < changes.size() && sameChange(first, changes.get(end)))
            {
                end++;
            }
            final String noun = first.hold() ? "hold" : "order";
            text.append("  => ").append(noun).append(end - i == 1 ? " " : "s ");
            for (int j = i; j < end; j++)
            {
                text.append(j == i ? "" : ", ").append(changes.get(j).orderId());
            }
            text.append(": ").append(first.from()).append(" -> ").append(first.to());
            if (null != first.reason())
            {
                text.append(' ').append(first.reason());
            }
            i = end;
        }
        return text.toString();
    }

    private static boolean sameChange(final History.OrderChange a, final History.OrderChange b)
    {
        return a.hold() == b.hold() && a.from() == b.from() && a.to() == b.to() && a.reason() == b.reason();
    }

    /**
     * @return the timer changes as {@code  => timer 7: scheduled (due 2026-11-27T06:16:45.878Z)}, one per timer.
     */
    private static String describeTimers(final List<History.TimerChange> changes)
    {
        final StringBuilder text = new StringBuilder();
        for (final History.TimerChange change : changes)
        {
            text.append("  => timer ").append(change.key()).append(": ")
                .append(change.event().name().toLowerCase(Locale.ROOT));
            if (change.due() >= 0)
            {
                text.append(" (due ").append(JournalEntry.time(change.due())).append(')');
            }
        }
        return text.toString();
    }

    private ObjectNode jsonHeader(final ReadOnlyDataDirectory data, final Integer partition)
    {
        final ObjectNode json = JsonOutput.object()
            .put("command", "history")
            .put("version", VersionProvider.version())
            .put("data_dir", data.directory().toString());
        final ObjectNode subject = json.putObject("subject")
            .put("kind", null != productId ? "product" : null != orderId ? "order" : null != timerKey ? "timer" :
                "user");
        if (null != productId)
        {
            subject.put("product", productId);
        }
        else
        {
            subject.put("login", login);
            if (null != orderId)
            {
                subject.put("order", orderId);
            }
            if (null != timerKey)
            {
                subject.put("timer", timerKey);
            }
            subject.put("partition", partition);
        }
        return json;
    }

    private static void writeChanges(final ObjectNode record, final List<History.OrderChange> changes)
    {
        final ArrayNode json = record.putArray("order_changes");
        for (final History.OrderChange change : changes)
        {
            json.addObject()
                .put("login", change.login())
                .put("order", change.orderId())
                .put("hold", change.hold())
                .put("from", change.from().name())
                .put("to", change.to().name())
                .put("reason", null == change.reason() ? null : change.reason().name());
        }
    }

    private static void writeTimerChanges(final ObjectNode record, final List<History.TimerChange> changes)
    {
        final ArrayNode json = record.putArray("timer_changes");
        for (final History.TimerChange change : changes)
        {
            final boolean known = change.due() >= 0;
            json.addObject()
                .put("login", change.login())
                .put("key", change.key())
                .put("change", change.event().name())
                .put("due", known ? Long.valueOf(change.due()) : null)
                .put("due_time", known ? JournalEntry.time(change.due()) : null);
        }
    }
}
