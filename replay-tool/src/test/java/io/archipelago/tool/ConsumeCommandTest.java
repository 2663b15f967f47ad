package io.archipelago.tool;

import static io.archipelago.tool.Json.array;
import static io.archipelago.tool.Json.number;
import static io.archipelago.tool.Json.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.archipelago.engine.events.EventLog;
import io.archipelago.engine.events.JournalEvents;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import org.junit.jupiter.api.Test;

/**
 * {@code archipelago consume} and {@code archipelago groups} on a demo directory.
 */
class ConsumeCommandTest extends DemoDirectoryTest
{
    @Test
    void shouldPrintEveryEventOnceAcrossTwoRunsOfAGroupAndShowItsLag()
    {
        final int events = eventCount();
        final CliRun first = CliRun.of("consume", "--data", data.toString(), "--group", "billing", "--member", "one",
            "--max", "100", "--json");
        assertEquals(0, first.exitCode(), first::toString);
        final List<String> lines = first.out().lines().toList();
        assertEquals(100, lines.size(), first::toString);
        assertTrue(first.err().contains("100 events printed"), first::toString);

        final CliRun groups = CliRun.of("groups", "--data", data.toString(), "--json");
        assertEquals(0, groups.exitCode(), groups::toString);
        assertEquals(1, array(groups.json(), "groups").size(), groups::toString);
        final Map<String, Object> group = castMap(array(groups.json(), "groups").get(0));
        assertEquals("billing", string(group, "group"));
        long lag = 0;
        for (final Object island : array(group, "islands"))
        {
            lag += number(castMap(island), "events");
        }
        assertEquals(events - 100, lag, "the lag is what the group has not committed");

        final CliRun rest = CliRun.of("consume", "--data", data.toString(), "--group", "billing", "--member", "two",
            "--idle-exit-ms", "300");
        assertEquals(0, rest.exitCode(), rest::toString);
        final Set<String> ids = new HashSet<>();
        lines.forEach(line -> assertTrue(ids.add(string(Json.parseObject(line), "id")), line));
        rest.out().lines().forEach(line -> assertTrue(ids.add(line.substring(0, line.indexOf(' '))),
            "printed twice: " + line));
        assertEquals(events, ids.size(), "every event of every island, once, across the two members");

        final CliRun text = CliRun.of("groups", "--data", data.toString());
        assertTrue(text.out().startsWith("group billing: 0 live members"), text::toString);
        assertTrue(text.out().contains("lag 0 events"), text::toString);
    }

    @Test
    void shouldRefuseBadNamesAndForeignDirectoriesInOneLine() throws Exception
    {
        final CliRun badGroup = CliRun.of("consume", "--data", data.toString(), "--group", "../x", "--max", "1");
        assertEquals(2, badGroup.exitCode(), badGroup::toString);
        assertEquals(1, badGroup.err().lines().count(), badGroup::toString);
        assertTrue(badGroup.err().contains("group name '../x' is not"), badGroup::toString);

        final CliRun badFrom = CliRun.of("consume", "--data", data.toString(), "--group", "g", "--from", "middle");
        assertEquals(2, badFrom.exitCode(), badFrom::toString);
        assertTrue(badFrom.err().contains("--from must be earliest or latest"), badFrom::toString);

        final Path foreign = Files.createDirectories(shared.resolve("foreign"));
        final CliRun notOurs = CliRun.of("consume", "--data", foreign.toString(), "--group", "g", "--max", "1");
        assertEquals(2, notOurs.exitCode(), notOurs::toString);
        assertTrue(notOurs.err().contains("is not an Archipelago data directory"), notOurs::toString);
        assertTrue(Files.list(foreign).findAny().isEmpty(), "nothing written to a foreign directory");
        final CliRun groups = CliRun.of("groups", "--data", foreign.toString());
        assertEquals(2, groups.exitCode(), groups::toString);
    }

    private static int eventCount()
    {
        final DataDirectoryLayout layout = new DataDirectoryLayout(data.toAbsolutePath());
        final List<Object> all = new ArrayList<>();
        for (int island = 0; island < DemoDirectory.PARTITIONS; island++)
        {
            try (EventLog log = EventLog.openReadOnly(island, layout.events(island)))
            {
                all.addAll(JournalEvents.read(log));
            }
        }
        assertTrue(all.size() > DemoDirectory.ORDERS, "the demo decided events: " + all.size());
        return all.size();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(final Object value)
    {
        return (Map<String, Object>)value;
    }
}
