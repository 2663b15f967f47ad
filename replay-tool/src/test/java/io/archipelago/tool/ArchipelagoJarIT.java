package io.archipelago.tool;

import static io.archipelago.tool.Json.array;
import static io.archipelago.tool.Json.bool;
import static io.archipelago.tool.Json.number;
import static io.archipelago.tool.Json.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded jar the way users do, {@code java -jar archipelago.jar ...} with no JVM flags, in a child process:
 * the manifest must open the JDK internals Chronicle needs and the logging defaults must keep stderr quiet.
 * Run by failsafe after {@code package} ({@link JavaJar}).
 */
class ArchipelagoJarIT
{
    @TempDir
    Path temp;

    @BeforeAll
    static void findJar()
    {
        JavaJar.jar();
    }

    @Test
    void shouldRunTheDemoWithPlainJavaDashJar() throws Exception
    {
        final Path data = temp.resolve("data");

        final CliRun run = java("demo", "--json", "--partitions", "4", "--orders", "2000", "--threads", "2",
            "--data", data.toString());

        assertEquals(0, run.exitCode(), run::toString);
        final Map<String, Object> json = Json.parseObject(run.out());
        assertEquals(4, number(json, "partitions"));
        assertEquals(2000, number(object(json, "orders"), "placed"));
        final Map<String, Object> units = object(json, "units");
        assertEquals(number(units, "created"), number(units, "sold") + number(units, "available") +
            number(units, "reserved") + number(units, "in_flight"), units::toString);
        assertTrue(number(object(json, "transfers"), "requested") >= 0);
        assertEquals(4, array(json, "digests").size());
        assertTrue(bool(object(json, "replay"), "verified"));
        assertNoNoise(run);
    }

    @Test
    void shouldExitTwoWithOneLineForABadFlag() throws Exception
    {
        final CliRun run = java("demo", "--partitions", "0", "--data", temp.resolve("data").toString());

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out(), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().contains("--partitions"), run::toString);
    }

    @Test
    void shouldExitTwoForAForeignDirectoryWithoutAStackTrace() throws Exception
    {
        final Path foreign = Files.createDirectories(temp.resolve("foreign"));
        Files.writeString(foreign.resolve("mine.txt"), "mine");

        final CliRun run = java("demo", "--data", foreign.toString());

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertEquals("mine", Files.readString(foreign.resolve("mine.txt")));
    }

    @Test
    void shouldPrintTheVersionFromTheJar() throws Exception
    {
        final CliRun run = java("--version");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("archipelago 0."), run::toString);
        assertFalse(run.out().contains("unknown"), run::toString);
    }

    static void assertNoNoise(final CliRun run)
    {
        for (final String line : run.err().lines().toList())
        {
            assertFalse(line.startsWith("\tat ") || line.contains("Exception"), run::toString);
            assertFalse(line.contains("--add-opens") || line.contains("--add-exports"), run::toString);
            assertFalse(line.contains("illegal") || line.contains("Illegal"), run::toString);
            assertFalse(line.contains("analytics"), run::toString);
        }
    }

    private CliRun java(final String... args) throws IOException, InterruptedException
    {
        return JavaJar.run(temp, args);
    }
}
