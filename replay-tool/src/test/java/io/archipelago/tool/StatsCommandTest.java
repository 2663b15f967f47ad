package io.archipelago.tool;

import static io.archipelago.tool.Json.array;
import static io.archipelago.tool.Json.number;
import static io.archipelago.tool.Json.object;
import static io.archipelago.tool.Json.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StatsCommandTest extends DemoDirectoryTest
{
    private static Path holds;

    @BeforeAll
    static void writeHoldsDirectory()
    {
        holds = HoldsDirectory.create(shared.resolve("holds"));
    }
    @Test
    void shouldReportEachIslandsJournalSnapshotsLinksAndPendingOrders()
    {
        final CliRun run = CliRun.of("stats", "--data", data.toString(), "--json");
        final List<Map<String, Object>> replay = ReplayCommandTest.islands(CliRun.of("replay", "--data",
            data.toString(), "--json").json());
        final Map<String, Object> audit = CliRun.of("audit", "--data", data.toString(), "--json").json();

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err(), run::toString);
        final Map<String, Object> json = run.json();
        assertEquals("stats", string(json, "command"));
        assertEquals(DemoDirectory.PARTITIONS, number(json, "partitions"));
        final List<Map<String, Object>> islands = ReplayCommandTest.islands(json);
        long applied = 0;
        long orders = 0;
        for (int partition = 0; partition < islands.size(); partition++)
        {
            final Map<String, Object> island = islands.get(partition);
            assertEquals(partition, number(island, "partition"));
            assertEquals(number(replay.get(partition), "last_sequence"), number(island, "records"));
            assertEquals(number(island, "records"), number(island, "clean_shutdown_sequence"));
            assertTrue(number(island, "journal_bytes") > 0);
            assertTrue(number(island, "journal_files") >= 1);
            final Map<String, Object> snapshots = object(island, "snapshots");
            assertEquals(1, number(snapshots, "count"));
            assertEquals(number(replay.get(partition), "snapshot_sequence"), number(snapshots, "newest_sequence"));
            assertTrue(number(snapshots, "bytes") > 0);
            final List<?> marks = array(island, "high_water_marks");
            final List<?> depths = array(island, "outbox_depths");
            assertEquals(DemoDirectory.PARTITIONS, marks.size());
            assertEquals(DemoDirectory.PARTITIONS, depths.size());
            assertNull(marks.get(partition), "no link to itself");
            assertNull(depths.get(partition), "no link to itself");
            for (int other = 0; other < marks.size(); other++)
            {
                if (other != partition)
                {
                    applied += (Long)marks.get(other);
                    assertEquals(0L, depths.get(other), "a clean close leaves nothing in an outbox");
                }
            }
            assertEquals(0, number(island, "outbox_depth"));
            assertEquals(0, number(island, "pending_orders"));
            assertEquals(DemoDirectory.PRODUCTS, number(island, "products"));
            assertEquals(0, number(island, "held_holds"));
            assertEquals(0, number(island, "pending_timers"));
            assertTrue(island.containsKey("next_due") && null == island.get("next_due"), island::toString);
            assertTrue(island.containsKey("next_due_time") && null == island.get("next_due_time"), island::toString);
            final Map<String, Object> index = object(island, "user_index");
            assertEquals(number(island, "records"), number(index, "covered_through"), "the close indexed every record");
            assertTrue(number(index, "segments") >= 1 && number(index, "bytes") > 0, index::toString);
            assertNull(index.get("set_aside"), index::toString);
            orders += number(island, "orders");
        }
        assertEquals(number(audit, "link_messages"), applied, "every link message journaled is counted once");
        assertEquals(DemoDirectory.ORDERS + 1, orders);
        assertEquals(0, number(json, "held_holds"));
        assertEquals(0, number(json, "pending_timers"));
        assertNull(json.get("next_due"));
    }

    @Test
    void shouldCountHeldHoldsAndPendingTimersPerIslandWithTheNextDueTime()
    {
        final CliRun run = CliRun.of("stats", "--data", holds.toString(), "--json");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err(), run::toString);
        final Map<String, Object> json = run.json();
        final List<Map<String, Object>> islands = ReplayCommandTest.islands(json);
        assertEquals(HoldsDirectory.PARTITIONS, islands.size());
        final Map<String, Object> user = islands.get(HoldsDirectory.USER_ISLAND);
        assertEquals(1, number(user, "held_holds"), "hold 4; hold 1 expired, 2 was confirmed, 3 released");
        assertEquals(1, number(user, "pending_timers"), "timer 8; 7 fired, 9 was cancelled");
        assertEquals(HoldsDirectory.HELD_HOLD_EXPIRES, number(user, "next_due"), "hold 4 expires before timer 8");
        assertEquals(HoldsDirectory.HELD_HOLD_EXPIRES, Instant.parse(string(user, "next_due_time")).toEpochMilli());
        assertEquals("2027-01-15T09:00:00.000Z", string(user, "next_due_time"));
        final Map<String, Object> other = islands.get(HoldsDirectory.OTHER_ISLAND);
        assertEquals(1, number(other, "held_holds"));
        assertEquals(1, number(other, "pending_timers"));
        assertEquals(HoldsDirectory.OTHER_TIMER_DUE, number(other, "next_due"), "its timer is due before its hold");
        assertEquals("2027-01-15T09:30:00.000Z", string(other, "next_due_time"));
        assertEquals(2, number(json, "held_holds"));
        assertEquals(2, number(json, "pending_timers"));
        assertEquals(HoldsDirectory.HELD_HOLD_EXPIRES, number(json, "next_due"), "the earliest over every island");
        assertEquals("2027-01-15T09:00:00.000Z", string(json, "next_due_time"));
        for (final Map<String, Object> island : islands)
        {
            assertEquals(0, number(island, "pending_orders"));
        }
        assertEquals(4 + 1, number(user, "orders"), "four holds and an order");
    }

    @Test
    void shouldPrintHeldHoldsTimersAndTheNextDueTimeInTheTable()
    {
        final CliRun run = CliRun.of("stats", "--data", holds.toString());

        assertEquals(0, run.exitCode(), run::toString);
        final List<String> lines = table(run);
        assertEquals(2 + HoldsDirectory.PARTITIONS + 1, lines.size(), run::toString);
        assertTrue(lines.get(1).matches(".*\\bpending +held +timers  next due"), run::toString);
        final String user = lines.get(2 + HoldsDirectory.USER_ISLAND);
        final String other = lines.get(2 + HoldsDirectory.OTHER_ISLAND);
        assertTrue(user.matches(" +" + HoldsDirectory.USER_ISLAND + " .* 0 +1 +1  2027-01-15T09:00:00\\.000Z"),
            run::toString);
        assertTrue(other.matches(" +" + HoldsDirectory.OTHER_ISLAND + " .* 0 +1 +1  2027-01-15T09:30:00\\.000Z"),
            run::toString);
        assertTrue(lines.get(lines.size() - 1).matches(" *total .* 0 +2 +2  2027-01-15T09:00:00\\.000Z"),
            run::toString);

        final CliRun demo = CliRun.of("stats", "--data", data.toString());
        table(demo).stream().skip(2).forEach(line -> assertTrue(line.matches(".* 0 +0 +0  -"),
            "nothing pending, held or scheduled: " + line));
    }

    @Test
    void shouldSayWhatEachIslandsUserIndexCoversOrWhyItCannotBeUsed() throws Exception
    {
        final CliRun whole = CliRun.of("stats", "--data", holds.toString());
        assertEquals(0, whole.exitCode(), whole::toString);
        assertTrue(whole.out().contains("user index (partition-NNN/users; what history --user reads):"),
            whole::toString);
        assertTrue(whole.out().lines().filter(line -> line.matches("\\s+\\d+  covers [\\d,]+ of [\\d,]+ records in " +
            "\\d+ segments? \\(.*\\)")).count() == HoldsDirectory.PARTITIONS, whole::toString);

        final Path copy = shared.resolve("stats-index");
        DirectoryTrees.copyTree(holds, copy);
        final io.archipelago.engine.recovery.DataDirectoryLayout layout =
            new io.archipelago.engine.recovery.DataDirectoryLayout(copy);
        DirectoryTrees.deleteTree(layout.users(0));
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(layout.users(1)))
        {
            final Path segment = files.filter(f -> f.toString().endsWith(".idx")).findFirst().orElseThrow();
            final byte[] bytes = java.nio.file.Files.readAllBytes(segment);
            bytes[20] ^= 1;
            java.nio.file.Files.write(segment, bytes);
        }
        final CliRun damaged = CliRun.of("stats", "--data", copy.toString(), "--json");
        assertEquals(0, damaged.exitCode(), damaged::toString);
        final List<Map<String, Object>> islands = ReplayCommandTest.islands(damaged.json());
        assertEquals(0, number(object(islands.get(0), "user_index"), "covered_through"), "deleted");
        assertNull(object(islands.get(0), "user_index").get("set_aside"));
        assertTrue(String.valueOf(object(islands.get(1), "user_index").get("set_aside")).contains("user index"),
            "damaged: " + islands.get(1));
        final CliRun text = CliRun.of("stats", "--data", copy.toString());
        assertTrue(text.out().contains("none yet") && text.out().contains("not usable"), text::toString);
    }

    /**
     * @return the table's lines: everything before the user index section.
     */
    private static List<String> table(final CliRun run)
    {
        return run.out().lines().takeWhile(line -> !line.startsWith("user index")).toList();
    }

    @Test
    void shouldPrintATableWithTotals()
    {
        final CliRun run = CliRun.of("stats", "--data", data.toString());

        assertEquals(0, run.exitCode(), run::toString);
        final List<String> lines = table(run);
        assertEquals(2 + DemoDirectory.PARTITIONS + 1, lines.size(), run::toString);
        assertEquals(1 + DemoDirectory.PARTITIONS, run.out().lines().count() - lines.size(),
            "the user index section: a title and a line per island");
        assertTrue(lines.get(0).startsWith("stats of " + data.toAbsolutePath() + ": 4 islands"), run::toString);
        assertTrue(lines.get(1).contains("records") && lines.get(1).contains("outbox"), run::toString);
        assertTrue(lines.get(lines.size() - 1).trim().startsWith("total"), run::toString);
        assertTrue(lines.get(2).contains("MiB") || lines.get(2).contains("KiB"), run::toString);
    }

    @Test
    void shouldPrintHelpWithExamples()
    {
        final CliRun run = CliRun.of("stats", "--help");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("outbox"), run::toString);
        assertTrue(run.out().contains("held: holds whose units are held"), run::toString);
        assertTrue(run.out().contains("next due:"), run::toString);
        assertTrue(run.out().contains("Examples:"), run::toString);
    }
}
