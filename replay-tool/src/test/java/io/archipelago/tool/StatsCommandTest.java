package io.archipelago.tool;

import static io.archipelago.tool.Json.array;
import static io.archipelago.tool.Json.number;
import static io.archipelago.tool.Json.object;
import static io.archipelago.tool.Json.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StatsCommandTest extends DemoDirectoryTest
{
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
            orders += number(island, "orders");
        }
        assertEquals(number(audit, "link_messages"), applied, "every link message journaled is counted once");
        assertEquals(DemoDirectory.ORDERS + 1, orders);
    }

    @Test
    void shouldPrintATableWithTotals()
    {
        final CliRun run = CliRun.of("stats", "--data", data.toString());

        assertEquals(0, run.exitCode(), run::toString);
        final List<String> lines = run.out().lines().toList();
        assertEquals(2 + DemoDirectory.PARTITIONS + 1, lines.size(), run::toString);
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
        assertTrue(run.out().contains("Examples:"), run::toString);
    }
}
