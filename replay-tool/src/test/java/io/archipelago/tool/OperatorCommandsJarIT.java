package io.archipelago.tool;

import static io.archipelago.tool.Json.array;
import static io.archipelago.tool.Json.bool;
import static io.archipelago.tool.Json.number;
import static io.archipelago.tool.Json.object;
import static io.archipelago.tool.Json.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator commands run from the shaded jar with plain {@code java -jar}, in child processes, on a directory the
 * jar's own {@code demo} wrote (skewed demand, so the journals hold link messages).
 */
class OperatorCommandsJarIT
{
    @TempDir
    static Path temp;

    private static Path data;

    @BeforeAll
    static void writeDemoDirectory() throws Exception
    {
        data = temp.resolve("data");
        final CliRun demo = JavaJar.run(temp, "demo", "--json", "--data", data.toString(), "--partitions", "4",
            "--orders", "3000", "--threads", "2", "--users", "300", "--skew", "0.8", "--products", "4", "--units",
            "2000");
        assertEquals(0, demo.exitCode(), demo::toString);
        assertTrue(number(object(demo.json(), "transfers"), "granted") > 0, demo::toString);
    }

    @Test
    void shouldReplayAndVerifyEveryIsland() throws Exception
    {
        final CliRun run = JavaJar.run(temp, "replay", "--data", data.toString(), "--verify");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("replayed " + data), run::toString);
        assertTrue(run.out().contains("verify: 4 of 4 islands equal the digest of their last clean shutdown"),
            run::toString);
        ArchipelagoJarIT.assertNoNoise(run);
        assertEquals("", run.err(), run::toString);
    }

    @Test
    void shouldAuditAsOneJsonObject() throws Exception
    {
        final CliRun run = JavaJar.run(temp, "audit", "--data", data.toString(), "--json");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(1, run.out().lines().count(), run::toString);
        final Map<String, Object> json = run.json();
        assertTrue(bool(json, "ok"), run::toString);
        assertEquals(List.of(), array(json, "violations"));
        assertEquals(3000, number(json, "orders_checked"));
        assertTrue(number(json, "link_messages") > 0, run::toString);
        assertEquals("", run.err(), run::toString);
    }

    @Test
    void shouldPrintStats() throws Exception
    {
        final CliRun run = JavaJar.run(temp, "stats", "--data", data.toString());

        assertEquals(0, run.exitCode(), run::toString);
        final List<String> table = run.out().lines().takeWhile(line -> !line.startsWith("user index")).toList();
        assertEquals(2 + 4 + 1, table.size(), run::toString);
        assertTrue(table.get(table.size() - 1).trim().startsWith("total"), run::toString);
        assertEquals(1 + 4, run.out().lines().count() - table.size(), "the user index section: " + run);
        assertTrue(run.out().lines().skip(table.size() + 1).allMatch(line -> line.contains(" covers ")),
            run::toString);
        assertEquals("", run.err(), run::toString);
    }

    @Test
    void shouldDumpAndTraceHistory() throws Exception
    {
        final CliRun dump = JavaJar.run(temp, "dump", "--data", data.toString(), "--partition", "0", "--limit", "5");
        final CliRun history = JavaJar.run(temp, "history", "--data", data.toString(), "--product", "1", "--limit",
            "3", "--json");

        assertEquals(0, dump.exitCode(), dump::toString);
        assertEquals(5, dump.out().lines().count(), dump::toString);
        assertEquals(0, history.exitCode(), history::toString);
        assertEquals(3, array(history.json(), "records").size(), history::toString);
        assertEquals("product", string(object(history.json(), "subject"), "kind"));
    }

    @Test
    void shouldExitTwoWithOneLineForADirectoryThatIsNotADataDirectory() throws Exception
    {
        final Path foreign = Files.createDirectories(temp.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");

        for (final String command : List.of("replay", "audit", "stats"))
        {
            final CliRun run = JavaJar.run(temp, command, "--data", foreign.toString());

            assertEquals(2, run.exitCode(), run::toString);
            assertEquals("", run.out(), run::toString);
            assertEquals(1, run.err().lines().count(), run::toString);
            assertTrue(run.err().contains(foreign.toString()), run::toString);
            assertFalse(run.err().contains("Exception"), run::toString);
        }
        assertEquals("mine", Files.readString(foreign.resolve("notes.txt")));
    }
}
