package io.archipelago.tool.commands;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.archipelago.engine.events.CorruptEventException;
import io.archipelago.engine.events.EventLog;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.RecordSource;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.logic.Order;
import io.archipelago.engine.model.Event;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.engine.recovery.IslandLoader;
import io.archipelago.tool.ExitCodes;
import io.archipelago.tool.ToolException;
import io.archipelago.tool.VersionProvider;
import io.archipelago.tool.inspection.JournalEntry;
import io.archipelago.tool.inspection.ReadOnlyDataDirectory;
import io.archipelago.tool.output.EventJson;
import io.archipelago.tool.output.JsonOutput;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/**
 * {@code archipelago dump}: the decoded journal records of one island, its event log, or its pending users' timers and
 * hold expiries.
 */
@CommandLine.Command(
    name = "dump",
    header = "Print the decoded journal records of one island (or its event log, or its pending timers and holds).",
    description = {
        "Prints one island's journal records in order, one per line: island sequence, journaled time (UTC), " +
            "record type, source (client, timer, or island S #N: message N of the link from island S) and the " +
            "decoded fields. Every record's checksum and sequence are verified as it is read.",
        "With --from, reading resumes after the newest snapshot before that sequence, when there is one.",
        "With --events, the island's event log instead: the decisions (orders confirmed, rejected, expired, " +
            "cancelled; holds held, confirmed, released, expired; users' timers fired; stock created, restocked, " +
            "sent, received) with their ids island/sequence/index, where sequence is the journal record that " +
            "caused them.",
        "With --timers, what the island's state still has to fire instead: its state is rebuilt in memory (from " +
            "the newest usable snapshot and the journal after it) and every pending user's timer and held hold's " +
            "expiry is printed in the order they fire (due time, then the order they were set): island, due time " +
            "(UTC), kind (timer or hold-expiry), login, the timer's key and payload size or the hold's id and lines.",
        "" },
    exitCodeList = {
        "0:the records were printed",
        "2:bad usage (an island that does not exist), or a data directory or journal that is missing, empty, " +
            "foreign or damaged" },
    footer = {
        "  ./archipelago dump --data /tmp/archipelago-demo --partition 0 --limit 5",
        "      the first five records of island 0",
        "  ./archipelago dump --data /tmp/archipelago-demo --partition 3 --from 1000 --limit 20",
        "      twenty records from island 3's sequence 1000 on",
        "  ./archipelago dump --partition 3 --json | jq -c '.records[] | select(.type == \"TRANSFER_GRANT\")'",
        "      island 3's grants (in ./data), for scripts",
        "  ./archipelago dump --partition 0 --events --from 1000 --limit 10",
        "      what island 0 decided from its record 1000 on",
        "  ./archipelago dump --partition 0 --timers",
        "      island 0's pending users' timers and hold expiries, the next to fire first" })
public final class DumpCommand extends ToolCommand
{
    @Mixin
    private ReadOptions options;

    @Option(names = "--partition", paramLabel = "P", required = true,
        showDefaultValue = CommandLine.Help.Visibility.NEVER, description = "The island (0..islands-1).")
    private int partition;

    @Option(names = "--from", paramLabel = "SEQ", description = "First island sequence to print (1 is the first record).")
    private long from = 1;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most N records (default: every record).")
    private Long limit;

    @Option(names = "--events", description = "Print the island's event log (the decisions its inputs caused, " +
        "from island sequence --from on) instead of its journal records.")
    private boolean events;

    @Option(names = "--timers", description = "Print the island's pending users' timers and hold expiries (its " +
        "state rebuilt in memory), in the order they fire, instead of its journal records.")
    private boolean timers;

    @Override
    public Integer call()
    {
        if (from < 1)
        {
            throw new ParameterException(commandLine(), "--from must be at least 1, was " + from);
        }
        if (null != limit && limit < 0)
        {
            throw new ParameterException(commandLine(), "--limit must not be negative, was " + limit);
        }
        if (timers && events)
        {
            throw new ParameterException(commandLine(), "--timers and --events print different things; choose one");
        }
        if (timers && commandLine().getParseResult().hasMatchedOption("--from"))
        {
            throw new ParameterException(commandLine(), "--from selects journal records; --timers lists what the " +
                "island's state still has to fire");
        }
        final PrintWriter out = out();
        final PrintWriter err = err();
        final ReadOnlyDataDirectory data = options.open(this);
        if (partition < 0 || partition >= data.partitions())
        {
            throw ToolException.usage("--partition " + partition + " does not exist: " + data.directory() +
                " has " + data.partitions() + " islands (0.." + (data.partitions() - 1) + ")");
        }
        final InventoryLogic state = timers ? data.loadIsland(partition) : null;
        if (!timers)
        {
            data.checkIsland(partition);
        }
        final long max = null == limit ? Long.MAX_VALUE : limit;

        final ObjectNode json = options.json ? JsonOutput.object()
            .put("command", "dump")
            .put("version", VersionProvider.version())
            .put("data_dir", data.directory().toString())
            .put("partition", partition)
            .put("from", from)
            .put("limit", limit) : null;
        if (events)
        {
            return dumpEvents(data, json, max);
        }
        if (timers)
        {
            return dumpTimers(data, state, json, max);
        }
        final ArrayNode records = null == json ? null : json.putArray("records");
        final long[] printed = new long[1];
        final long[] lastSequence = new long[1];
        final boolean more = data.read(() ->
        {
            try (Journal journal = data.openJournal(partition);
                RecordSource reader = IslandLoader.readerFrom(data.history(partition, journal), from))
            {
                while (reader.next())
                {
                    lastSequence[0] = reader.header().sequence();
                    if (reader.header().sequence() < from)
                    {
                        continue;
                    }
                    if (printed[0] == max)
                    {
                        return true;
                    }
                    final JournalEntry entry = JournalEntry.of(partition, reader.header(), reader.command());
                    if (null != records)
                    {
                        entry.writeMembers(records.addObject());
                    }
                    else
                    {
                        out.println(entry.toLine(false));
                    }
                    printed[0]++;
                }
                return false;
            }
        });
        if (null != json)
        {
            out.println(JsonOutput.write(json.put("more", more)));
        }
        else if (printed[0] == 0 && max > 0)
        {
            if (lastSequence[0] < from - 1)
            {
                lastSequence[0] = data.read(() -> lastSequenceOf(data, partition));
            }
            err.println("dump: island " + partition + " of " + data.directory() + " has no records from sequence " +
                from + " on; its journal ends at " + lastSequence[0]);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private int dumpEvents(final ReadOnlyDataDirectory data, final ObjectNode json, final long max)
    {
        final Path directory = new DataDirectoryLayout(data.directory()).events(partition);
        final ArrayNode list = null == json ? null : json.putArray("events");
        long printed = 0;
        boolean more = false;
        if (Files.isDirectory(directory))
        {
            try (EventLog log = EventLog.openReadOnly(partition, directory); EventLog.Reader reader = log.reader())
            {
                List<Event> batch;
                while (!more && null != (batch = reader.next()))
                {
                    for (final Event event : batch)
                    {
                        if (event.id().sequence() < from)
                        {
                            continue;
                        }
                        if (printed == max)
                        {
                            more = true;
                            break;
                        }
                        if (null != list)
                        {
                            EventJson.write(list.addObject(), event);
                        }
                        else
                        {
                            out().println(event);
                        }
                        printed++;
                    }
                }
            }
            catch (final CorruptEventException ex)
            {
                throw ToolException.usage(ex.getMessage());
            }
        }
        else if (null == json)
        {
            err().println("dump: island " + partition + " of " + data.directory() + " has no event log (" +
                directory + ")");
        }
        if (null != json)
        {
            out().println(JsonOutput.write(json.put("more", more)));
        }
        out().flush();
        return ExitCodes.OK;
    }

    /**
     * Prints the island's pending users' timers and hold expiries, in firing order.
     */
    private int dumpTimers(final ReadOnlyDataDirectory data, final InventoryLogic state, final ObjectNode json,
        final long max)
    {
        final List<Pending> pending = new ArrayList<>();
        state.forEachScheduled((login, key, due, payload) ->
        {
            if (pending.size() <= max)
            {
                pending.add(new Pending(login, key, due, payload, null == payload ? state.order(login, key) : null));
            }
        });
        final boolean more = pending.size() > max;
        final List<Pending> shown = more ? pending.subList(0, (int)max) : pending;
        if (null != json)
        {
            final ArrayNode list = json.putArray("timers");
            shown.forEach(timer -> timer.writeTo(list.addObject().put("partition", partition)));
            out().println(JsonOutput.write(json.put("more", more)));
        }
        else
        {
            shown.forEach(timer -> out().println(String.format(Locale.ROOT, "island %d  %s", partition,
                timer.toLine())));
            if (shown.isEmpty() && max > 0)
            {
                err().println("dump: island " + partition + " of " + data.directory() + " has no pending users' " +
                    "timers or held holds");
            }
        }
        out().flush();
        return ExitCodes.OK;
    }

    /**
     * A pending user's timer or a held hold's expiry.
     *
     * @param login   the user.
     * @param key     the timer's key, or the hold's id.
     * @param due     when it fires, epoch ms.
     * @param payload the timer's payload; {@code null} for a hold's expiry.
     * @param hold    the hold, for a hold's expiry; else {@code null}.
     */
    private record Pending(String login, long key, long due, byte[] payload, Order hold)
    {
        String toLine()
        {
            final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s  %-11s  login=%s ",
                JournalEntry.time(due), null == payload ? "hold-expiry" : "timer", login));
            if (null != payload)
            {
                return line.append("key=").append(key).append(" payload=").append(payload.length).append('B')
                    .toString();
            }
            line.append("hold=").append(key);
            if (null != hold)
            {
                line.append(" lines=[");
                for (int i = 0; i < hold.lineCount(); i++)
                {
                    line.append(i == 0 ? "" : ", ").append(hold.productId(i)).append('x').append(hold.quantity(i));
                }
                line.append(']');
            }
            return line.toString();
        }

        void writeTo(final ObjectNode json)
        {
            json.put("kind", null == payload ? "hold_expiry" : "timer")
                .put("login", login)
                .put("key", key)
                .put("due", due)
                .put("due_time", JournalEntry.time(due))
                .put("payload_bytes", null == payload ? null : Integer.valueOf(payload.length))
                .put("payload", null == payload ? null : Base64.getEncoder().encodeToString(payload));
            if (null != hold)
            {
                final ArrayNode lines = json.putArray("lines");
                for (int i = 0; i < hold.lineCount(); i++)
                {
                    lines.addObject().put("product", hold.productId(i)).put("quantity", hold.quantity(i));
                }
            }
        }
    }

    private static long lastSequenceOf(final ReadOnlyDataDirectory data, final int partition)
    {
        try (Journal journal = data.openJournal(partition);
            RecordSource reader = journal.reader())
        {
            long last = 0;
            while (reader.next())
            {
                last = reader.header().sequence();
            }
            return last;
        }
    }
}
