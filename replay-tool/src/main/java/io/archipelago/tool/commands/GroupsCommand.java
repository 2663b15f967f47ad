package io.archipelago.tool.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.archipelago.engine.events.GroupStatus;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.router.MetaFile;
import io.archipelago.tool.output.JsonOutput;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code archipelago groups}: every consumer group, its members and its lag per island.
 */
@CommandLine.Command(
    name = "groups",
    header = "Show every consumer group: its members and how far it lags on each island.",
    description = {
        "Per group: its members, live or left behind (a member is live while its process holds its lock file), " +
            "and per island the member that reads it, the group's committed offset (the last event it committed, " +
            "island/sequence/index), the events in the island's log after it, and how far behind that is in " +
            "journaled time.",
        "Reads only (a member's liveness is tried by taking its lock for an instant); works beside a live engine " +
            "and live consumers.",
        "" },
    exitCodeList = {
        "0:the groups were printed (none is not an error)",
        "2:bad usage, or a data directory that is missing or not an Archipelago data directory" },
    footer = {
        "  ./archipelago groups --data /tmp/archipelago-demo",
        "      every group, one line per island",
        "  ./archipelago groups --json | jq '.groups[] | {group, lag: ([.islands[].events] | add)}'",
        "      total lag per group, for scripts" })
public final class GroupsCommand extends ToolCommand
{
    @Option(names = "--data", paramLabel = "DIR", description = "The engine's data directory.")
    private Path data = Path.of("./data");

    @Option(names = "--json", description = "Print one JSON object on stdout instead of text.")
    private boolean json;

    @Override
    public Integer call()
    {
        final int islands = MetaFile.read(data).partitions();
        final List<GroupStatus> groups = GroupStatus.all(new DataDirectoryLayout(data.toAbsolutePath()), islands);
        if (json)
        {
            final ObjectNode root = JsonOutput.object();
            root.put("data", data.toAbsolutePath().toString());
            final ArrayNode list = root.putArray("groups");
            for (final GroupStatus group : groups)
            {
                final ObjectNode node = list.addObject();
                node.put("group", group.group());
                final ArrayNode members = node.putArray("members");
                for (final Map.Entry<String, Boolean> member : group.members().entrySet())
                {
                    members.addObject().put("member", member.getKey()).put("live", member.getValue());
                }
                final ArrayNode lags = node.putArray("islands");
                for (final GroupStatus.IslandLag lag : group.islands())
                {
                    final ObjectNode island = lags.addObject();
                    island.put("island", lag.island());
                    island.put("member", lag.member());
                    island.put("committed", null == lag.committed() ? null : lag.committed().toString());
                    island.put("events", lag.events());
                    island.put("lag_ms", lag.lagMillis());
                    island.put("last", null == lag.last() ? null : lag.last().toString());
                }
            }
            out().println(JsonOutput.write(root));
            return 0;
        }
        if (groups.isEmpty())
        {
            out().println("no consumer groups in " + data);
            return 0;
        }
        for (final GroupStatus group : groups)
        {
            final long live = group.members().values().stream().filter(Boolean::booleanValue).count();
            final StringBuilder members = new StringBuilder();
            group.members().forEach((member, isLive) -> members.append(members.length() == 0 ? "" : ", ")
                .append(member).append(isLive ? "" : " (gone)"));
            out().printf(Locale.ROOT, "group %s: %d live member%s%s%n", group.group(), live, live == 1 ? "" : "s",
                members.length() == 0 ? "" : " (" + members + ")");
            for (final GroupStatus.IslandLag lag : group.islands())
            {
                out().printf(Locale.ROOT, "  island %3d  member %-20s committed %-16s lag %d events, %.1f s%n",
                    lag.island(), null == lag.member() ? "-" : lag.member(),
                    null == lag.committed() ? "-" : lag.committed().toString(), lag.events(),
                    lag.lagMillis() / 1000.0);
            }
        }
        return 0;
    }
}
