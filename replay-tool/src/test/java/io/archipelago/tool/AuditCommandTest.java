package io.archipelago.tool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.archipelago.engine.recovery.DataDirectoryLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.archipelago.tool.Json.array;
import static io.archipelago.tool.Json.bool;
import static io.archipelago.tool.Json.number;
import static io.archipelago.tool.Json.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditCommandTest extends DemoDirectoryTest
{
    @TempDir
    Path temp;

    @Test
    void shouldFindEveryInvariantHoldingOnADemoDirectory()
    {
        final CliRun run = CliRun.of("audit", "--data", data.toString(), "--json");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err(), run::toString);
        assertEquals(1, run.out().lines().count(), "one JSON object on one line");
        final Map<String, Object> json = run.json();
        assertEquals("audit", string(json, "command"));
        assertTrue(bool(json, "ok"), run::toString);
        assertTrue(bool(json, "state_rebuilt"));
        assertEquals(List.of(), array(json, "violations"));
        assertEquals(DemoDirectory.PARTITIONS, number(json, "islands"));
        assertEquals(DemoDirectory.PRODUCTS, number(json, "products_checked"));
        assertEquals(DemoDirectory.ORDERS + 1, number(json, "orders_checked"), "the demo's orders and one more");
        assertTrue(number(json, "link_messages") > 0, "the skewed demo moved units: " + run);
        assertEquals(DemoDirectory.PRODUCTS * 2000 + DemoDirectory.RESTOCK, number(json, "units_created"));
        assertEquals(0, number(json, "units_in_flight"), "a clean close leaves nothing in flight");
        assertEquals(0, number(json, "held_messages"));
        assertEquals(List.of(), array(json, "pending"));
    }

    @Test
    void shouldPrintOneLinePerCheckAsText()
    {
        final CliRun run = CliRun.of("audit", "--data", data.toString());

        assertEquals(0, run.exitCode(), run::toString);
        final List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith("audit of " + data.toAbsolutePath() + ": 4 islands, 4 products, 3,001 " +
            "orders"), run::toString);
        for (final String check : List.of("links", "allocations", "conservation", "orders"))
        {
            assertTrue(lines.stream().anyMatch(line -> line.startsWith(check) && line.contains(" ok: ")),
                check + " in " + run);
        }
        assertEquals("ok: every invariant holds", lines.get(lines.size() - 1));
    }

    @Test
    void shouldFindViolationsWhenAnIslandsJournalComesFromAnotherRun() throws IOException
    {
        final Path copy = DemoDirectory.copy(data, temp.resolve("copy"));
        final Path other = DemoDirectory.demo(temp.resolve("other"), 7);
        final int island = busiestIsland(copy);
        final Path journal = new DataDirectoryLayout(copy).journal(island);
        deleteTree(journal);
        DemoDirectory.copy(new DataDirectoryLayout(other).journal(island), journal);

        final CliRun run = CliRun.of("audit", "--data", copy.toString(), "--json");
        final CliRun text = CliRun.of("audit", "--data", copy.toString());

        assertEquals(1, run.exitCode(), run::toString);
        final Map<String, Object> json = run.json();
        assertFalse(bool(json, "ok"));
        final List<?> violations = array(json, "violations");
        assertFalse(violations.isEmpty(), run::toString);
        for (final Object item : violations)
        {
            @SuppressWarnings("unchecked")
            final Map<String, Object> violation = (Map<String, Object>)item;
            assertFalse(string(violation, "kind").isEmpty());
            assertFalse(string(violation, "detail").isEmpty());
            assertTrue(violation.containsKey("partition") && violation.containsKey("product"), violation::toString);
            assertTrue(null != violation.get("partition") || null != violation.get("product"), violation::toString);
        }
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().contains("found " + violations.size() + " violations"), run::toString);
        assertEquals(1, text.exitCode(), text::toString);
        assertTrue(text.out().contains("VIOLATION "), text::toString);
        assertTrue(text.out().stripTrailing().endsWith("FAILED: " + violations.size() + " violations"),
            text::toString);
    }

    @Test
    void shouldPrintHelpWithExamples()
    {
        final CliRun run = CliRun.of("audit", "--help");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("conservation"), run::toString);
        assertTrue(run.out().contains("Exit codes:"), run::toString);
        assertTrue(run.out().contains("Examples:"), run::toString);
    }

    /**
     * @return the island that applied the most link messages.
     */
    private static int busiestIsland(final Path data)
    {
        final List<Map<String, Object>> islands = ReplayCommandTest.islands(
            CliRun.of("stats", "--data", data.toString(), "--json").json());
        return islands.stream()
            .max(Comparator.comparingLong(island -> applied(island)))
            .map(island -> (int)number(island, "partition"))
            .orElseThrow();
    }

    private static long applied(final Map<String, Object> island)
    {
        long applied = 0;
        for (final Object mark : array(island, "high_water_marks"))
        {
            applied += null == mark ? 0 : (Long)mark;
        }
        return applied;
    }

    private static void deleteTree(final Path root) throws IOException
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
    }
}
