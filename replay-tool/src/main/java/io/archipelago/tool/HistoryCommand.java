package io.archipelago.tool;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code archipelago history}: every journal record concerning one user, one order or one product, in order.
 */
@CommandLine.Command(
    name = "history",
    header = "Print every journal record concerning one user, one order or one product, in order.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    showDefaultValues = true,
    usageHelpWidth = 100,
    customSynopsis = {
        "archipelago history [--data DIR] [--json] [--limit N] (--user LOGIN [--order ID] | --product ID)" },
    description = {
        "--user: the user's PLACE_ORDER and CANCEL_ORDER records, read from the user's island only (the island " +
            "the router assigns the login to). That island is replayed in memory alongside, so the records that " +
            "decided one of the user's orders (a grant that completed it, a denial or a TICK at its deadline that " +
            "rejected it) are shown too, each with the change it made (=> order 17: PENDING -> CONFIRMED).",
        "--user with --order: the same for one order.",
        "--product: every island's records that create or restock the product, order it (PLACE_ORDER naming it, " +
            "and CANCEL_ORDER of those orders) or move its units between islands (TRANSFER_REQUEST, " +
            "TRANSFER_GRANT, TRANSFER_DENIAL), tagged with their island and merged by journaled time, then island, " +
            "then island sequence.",
        "Lines read: [island] sequence, journaled time (UTC), type, source (client, timer, or island S #N: message " +
            "N of the link from island S), fields.",
        "" },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the history was printed (possibly empty: a notice on stderr says so)",
        "2:bad usage, or a data directory that is missing, empty, foreign or damaged" },
    footerHeading = "%nExamples:%n",
    footer = {
        "  ./archipelago history --data /tmp/archipelago-demo --user heavy-0 | head",
        "      the first orders of user heavy-0 and what decided them",
        "  ./archipelago history --data /tmp/archipelago-demo --user user-17 --order 4242",
        "      one order: placed, waited, confirmed or rejected, cancelled",
        "  ./archipelago history --data /tmp/archipelago-demo --product 3 --limit 50",
        "      product 3 on every island: creation, orders, transfers",
        "  ./archipelago history --data /tmp/archipelago-demo --product 3 --json | jq '.records[].type'",
        "      the same for scripts" })
final class HistoryCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private ReadOptions options;

    @Option(names = "--user", paramLabel = "LOGIN", description = "The user's records (with --order: one order's).")
    private String login;

    @Option(names = "--order", paramLabel = "ID", description = "One order of the --user.")
    private Long orderId;

    @Option(names = "--product", paramLabel = "ID", description = "The product's records on every island.")
    private Long productId;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most N records (default: every record).")
    private Long limit;

    @Override
    public Integer call()
    {
        validate();
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final ReadOnlyDataDirectory data = options.open();
        final long max = null == limit ? Long.MAX_VALUE : limit;
        final Integer partition = null == login ? null : data.partitionOf(login);
        final String subject = subject(partition);

        final JsonWriter json = options.json ? new JsonWriter() : null;
        if (null != json)
        {
            json.beginObject()
                .field("command", "history")
                .field("version", VersionProvider.version())
                .field("data_dir", data.directory().toString());
            json.name("subject").beginObject()
                .field("kind", null != productId ? "product" : null != orderId ? "order" : "user");
            if (null != productId)
            {
                json.field("product", productId);
            }
            else
            {
                json.field("login", login);
                if (null != orderId)
                {
                    json.field("order", orderId);
                }
                json.field("partition", partition);
            }
            json.endObject();
            json.name("records").beginArray();
        }
        else
        {
            out.println("history of " + subject + " in " + data.directory() + ":");
        }

        final long[] printed = new long[1];
        final boolean[] more = new boolean[1];
        final History.Sink sink = (entry, changes) ->
        {
            if (printed[0] == max)
            {
                more[0] = true;
                return false;
            }
            printed[0]++;
            if (null != json)
            {
                json.beginObject();
                entry.writeMembers(json);
                if (null == productId)
                {
                    writeChanges(json, changes);
                }
                json.endObject();
            }
            else
            {
                out.println(entry.toLine(null != productId) + describe(changes));
            }
            return true;
        };
        data.read(() ->
        {
            if (null != productId)
            {
                History.ofProduct(data, productId, sink);
            }
            else
            {
                History.ofUser(data, login, orderId, sink);
            }
            return null;
        });

        if (null != json)
        {
            out.println(json.endArray().field("count", printed[0]).field("more", more[0]).endObject());
        }
        else if (printed[0] == 0 && max > 0)
        {
            err.println("history: no journal record concerns " + subject + " in " + data.directory());
        }
        out.flush();
        return ArchipelagoCli.EXIT_OK;
    }

    private void validate()
    {
        if (null != productId && (null != login || null != orderId))
        {
            throw new ParameterException(spec.commandLine(), "--product goes alone; --user and --order select a user " +
                "or an order instead");
        }
        if (null != orderId && null == login)
        {
            throw new ParameterException(spec.commandLine(), "--order needs the --user who placed it (order ids " +
                "are per user)");
        }
        if (null == productId && null == login)
        {
            throw new ParameterException(spec.commandLine(), "choose what to trace: --user LOGIN, --user LOGIN " +
                "--order ID, or --product ID");
        }
        if (null != login && login.isEmpty())
        {
            throw new ParameterException(spec.commandLine(), "--user must not be empty");
        }
        if (null != limit && limit < 0)
        {
            throw new ParameterException(spec.commandLine(), "--limit must not be negative, was " + limit);
        }
    }

    private String subject(final Integer partition)
    {
        if (null != productId)
        {
            return "product " + productId + " on every island";
        }
        final String island = " (island " + partition + ")";
        return null == orderId ? "user " + login + island : "order " + orderId + " of user " + login + island;
    }

    /**
     * @return the changes as {@code  => order 17: PENDING -> CONFIRMED}, or for several orders making the same change
     *         {@code  => orders 17, 18: PENDING -> CONFIRMED}.
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
            text.append(end - i == 1 ? "  => order " : "  => orders ");
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
        return a.from() == b.from() && a.to() == b.to() && a.reason() == b.reason();
    }

    private static void writeChanges(final JsonWriter json, final List<History.OrderChange> changes)
    {
        json.name("order_changes").beginArray();
        for (final History.OrderChange change : changes)
        {
            json.beginObject()
                .field("login", change.login())
                .field("order", change.orderId())
                .field("from", change.from().name())
                .field("to", change.to().name())
                .field("reason", null == change.reason() ? null : change.reason().name())
                .endObject();
        }
        json.endArray();
    }
}
