package io.archipelago.tool.commands;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.archipelago.engine.events.CorruptEventException;
import io.archipelago.engine.events.EventLog;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.RecordSource;
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
 * {@code archipelago dump}: the decoded journal records of one island.
 */
@CommandLine.Command(
    name = "dump",
    header = "Print the decoded journal records of one island.",
    description = {
        "Prints one island's journal records in order, one per line: island sequence, journaled time (UTC), " +
            "record type, source (client, timer, or island S #N: message N of the link from island S) and the " +
            "decoded fields. Every record's checksum and sequence are verified as it is read.",
        "With --from, reading resumes after the newest snapshot before that sequence, when there is one.",
        "With --events, the island's event log instead: the decisions (orders confirmed, rejected, expired, " +
            "cancelled; stock created, restocked, sent, received) with their ids island/sequence/index, where " +
            "sequence is the journal record that caused them.",
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
        "      what island 0 decided from its record 1000 on" })
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
        final PrintWriter out = out();
        final PrintWriter err = err();
        final ReadOnlyDataDirectory data = options.open(this);
        if (partition < 0 || partition >= data.partitions())
        {
            throw ToolException.usage("--partition " + partition + " does not exist: " + data.directory() +
                " has " + data.partitions() + " islands (0.." + (data.partitions() - 1) + ")");
        }
        data.checkIsland(partition);
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
