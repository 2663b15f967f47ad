package io.archipelago.tool.commands;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.archipelago.engine.EventConsumer;
import io.archipelago.engine.model.Event;
import io.archipelago.tool.ToolException;
import io.archipelago.tool.output.EventJson;
import io.archipelago.tool.output.JsonOutput;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code archipelago consume}: one member of a consumer group, printing the events it is given.
 */
@CommandLine.Command(
    name = "consume",
    header = "Be one member of a consumer group: print the islands' events this member is given.",
    description = {
        "Joins consumer group --group as member --member and prints, one per line, every event of the islands the " +
            "group gives it, committing the group's offset after each batch it printed. Each event goes to one " +
            "live member of each group; islands are shared among the group's live members and move to the others " +
            "within about a second when one stops or dies. Delivery is at least once: a member killed before it " +
            "committed leaves what it printed since to be printed again by the member that takes its islands.",
        "Text lines: event id (island/sequence/index), journaled time (ms), type and fields. With --json, one JSON " +
            "object per line.",
        "Runs until --max events were printed, until --idle-exit-ms passed with nothing new, or until stopped " +
            "(SIGINT/SIGTERM commit before leaving). Works beside a live engine, in another process; it never " +
            "writes to the islands' files (only under DIR/groups).",
        "" },
    exitCodeList = {
        "0:stopped as asked (--max, --idle-exit-ms, or a signal)",
        "2:bad usage (a group or member name that is not a safe file name, a member id live already), or a data " +
            "directory that is missing or not an Archipelago data directory, or a damaged event (one line naming " +
            "the island and its event log)" },
    footer = {
        "  ./archipelago consume --data /tmp/archipelago-demo --group billing --idle-exit-ms 1000",
        "      every event the group has not committed yet, then stop",
        "  ./archipelago consume --group billing --member b --json | jq -c 'select(.type == \"ORDER_CONFIRMED\")'",
        "      a second member of the same group, following new events as JSON" })
public final class ConsumeCommand extends ToolCommand
{
    @Option(names = "--data", paramLabel = "DIR", description = "The engine's data directory.")
    private Path data = Path.of("./data");

    @Option(names = "--group", paramLabel = "G", required = true, description = "Consumer group (letters, " +
        "digits, '.', '_', '-').", showDefaultValue = CommandLine.Help.Visibility.NEVER)
    private String group;

    @Option(names = "--member", paramLabel = "M", description = "This member's id, unique among the group's live " +
        "members (default: made of the process id, the host and a random part).",
        showDefaultValue = CommandLine.Help.Visibility.NEVER)
    private String member;

    @Option(names = "--from", paramLabel = "WHERE", description = "Where to start on an island the group has " +
        "committed nothing on: earliest or latest.")
    private String from = "earliest";

    @Option(names = "--json", description = "Print one JSON object per event and line.")
    private boolean json;

    @Option(names = "--max", paramLabel = "N", description = "Stop after printing N events (default: no limit).")
    private Long max;

    @Option(names = "--idle-exit-ms", paramLabel = "MS", description = "Stop once nothing new came for MS " +
        "milliseconds (default 0: follow until stopped).")
    private long idleExitMillis;

    @Option(names = "--batch", paramLabel = "N", description = "Events printed between two commits at most.")
    private int batch = 1_000;

    @Override
    public Integer call() throws Exception
    {
        final EventConsumer.Start start = switch (from.toLowerCase(Locale.ROOT))
        {
            case "earliest" -> EventConsumer.Start.EARLIEST;
            case "latest" -> EventConsumer.Start.LATEST;
            default -> throw ToolException.usage("--from must be earliest or latest, not '" + from + "'");
        };
        if (batch < 1 || (null != max && max < 0) || idleExitMillis < 0)
        {
            throw ToolException.usage("--batch must be at least 1, --max and --idle-exit-ms at least 0");
        }
        final EventConsumer consumer;
        try
        {
            consumer = EventConsumer.open(EventConsumer.Config.builder().dataDirectory(data).group(group)
                .member(member).start(start).build());
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            throw ToolException.usage(ex.getMessage());
        }
        final AtomicBoolean stopping = new AtomicBoolean();
        final Thread hook = new Thread(() ->
        {
            stopping.set(true);
            synchronized (consumer)
            {
                consumer.close();
            }
        }, "archipelago-consume-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        err().println("consume: member " + consumer.member() + " of group " + group + " on " + data);
        err().flush();
        long printed = 0;
        long idleSince = System.nanoTime();
        try
        {
            while (!stopping.get() && (null == max || printed < max))
            {
                final int wanted = (int)Math.min(batch, null == max ? batch : max - printed);
                final int got;
                synchronized (consumer)
                {
                    if (stopping.get())
                    {
                        break;
                    }
                    got = consumer.poll(this::print, wanted);
                    if (got > 0)
                    {
                        out().flush();
                        consumer.commit();
                    }
                }
                printed += got;
                if (got > 0)
                {
                    idleSince = System.nanoTime();
                }
                else if (idleExitMillis > 0 &&
                    System.nanoTime() - idleSince >= Duration.ofMillis(idleExitMillis).toNanos())
                {
                    break;
                }
                else
                {
                    Thread.sleep(5);
                }
            }
        }
        finally
        {
            synchronized (consumer)
            {
                consumer.close();
            }
            if (!stopping.get())
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        err().println("consume: " + printed + " events printed");
        err().flush();
        return 0;
    }

    private void print(final Event event)
    {
        if (!json)
        {
            out().println(event);
            return;
        }
        final ObjectNode node = EventJson.write(JsonOutput.object(), event);
        out().println(JsonOutput.write(node).strip());
    }
}
