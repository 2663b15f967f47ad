package io.archipelago.tool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.recovery.CleanShutdownFile;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.engine.recovery.Manifest;
import io.archipelago.engine.recovery.SnapshotStore;
import io.archipelago.router.MetaFile;
import io.archipelago.router.PartitionRouter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.archipelago.tool.Json.array;
import static io.archipelago.tool.ReplayCommandTest.islands;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every read-only command reaches the engine's verdict on a directory: what the engine's loader refuses (records
 * missing, a state that differs from the clean shutdown's) the commands refuse with exit 2 and the refusal's line; a
 * snapshot the loader passes over is reported; a live writer is noted and the command goes on.
 */
class EngineVerdictTest
{
    private static final int ISLAND = new PartitionRouter(DemoDirectory.PARTITIONS).partitionOf(DemoDirectory.USER);

    @TempDir
    static Path temp;

    private static Path data;
    private static Path belowManifest;
    private static Path stateDiffers;

    @BeforeAll
    static void writeDirectories() throws IOException
    {
        data = DemoDirectory.create(temp.resolve("demo"), 23);

        belowManifest = DemoDirectory.copy(data, temp.resolve("below-manifest"));
        final DataDirectoryLayout belowLayout = new DataDirectoryLayout(belowManifest);
        final long[] durable = new long[DemoDirectory.PARTITIONS];
        durable[ISLAND] = CleanShutdownFile.read(belowLayout.cleanShutdown(ISLAND)).sequence() + 10;
        Manifest.read(belowLayout).advancedTo(durable).write(belowLayout);

        stateDiffers = DemoDirectory.copy(data, temp.resolve("state-differs"));
        final DataDirectoryLayout differsLayout = new DataDirectoryLayout(stateDiffers);
        final CleanShutdownFile clean = CleanShutdownFile.read(differsLayout.cleanShutdown(ISLAND));
        Files.writeString(differsLayout.cleanShutdown(ISLAND), "sequence=" + clean.sequence() +
            "\ndigest=0123456789abcdef0123456789abcdef\n", StandardCharsets.UTF_8);
    }

    static Stream<Arguments> refusedDirectories()
    {
        final List<List<String>> commands = List.of(List.of("replay"), List.of("replay", "--json"), List.of("audit"),
            List.of("history", "--product", "1"), List.of("history", "--user", DemoDirectory.USER),
            List.of("dump", "--partition", String.valueOf(ISLAND)), List.of("stats"), List.of("stats", "--json"));
        return Stream.of("below-manifest", "state-differs")
            .flatMap(name -> commands.stream().map(command -> Arguments.of(command, name)));
    }

    @ParameterizedTest
    @MethodSource("refusedDirectories")
    void shouldRefuseWhatTheEngineRefusesWithExitTwo(final List<String> command, final String name)
    {
        final Path directory = name.equals("below-manifest") ? belowManifest : stateDiffers;
        final Map<String, String> before = DemoDirectory.fingerprint(directory);

        final CliRun run = CliRun.of(withData(command, directory));

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out(), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().startsWith("archipelago " + command.get(0) + ": island " + ISLAND + ": "), run::toString);
        assertTrue(run.err().contains(new DataDirectoryLayout(directory).journal(ISLAND).toString()), run::toString);
        assertFalse(run.err().contains("Exception"), run::toString);
        assertEquals(before, DemoDirectory.fingerprint(directory), "left untouched");
    }

    @Test
    void shouldFailTheCheckOfReplayVerifyWhenTheStateDiffers()
    {
        final CliRun run = CliRun.of("replay", "--data", stateDiffers.toString(), "--verify");

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().contains("island " + ISLAND + ": replay of " +
            new DataDirectoryLayout(stateDiffers).journal(ISLAND)), run::toString);
    }

    @Test
    void shouldReportASkippedSnapshot() throws IOException
    {
        final Path copy = DemoDirectory.copy(data, temp.resolve("skipped-snapshot"));
        final Path newest = new SnapshotStore(new DataDirectoryLayout(copy), ISLAND).list().get(0);
        Files.writeString(newest, "not a snapshot", StandardCharsets.UTF_8);

        for (final String command : List.of("replay", "stats"))
        {
            final CliRun text = CliRun.of(command, "--data", copy.toString());
            final CliRun json = CliRun.of(command, "--data", copy.toString(), "--json");

            assertEquals(0, text.exitCode(), text::toString);
            assertTrue(text.err().contains("archipelago " + command + ": island " + ISLAND + ": skipped snapshot " +
                newest), text::toString);
            assertEquals(0, json.exitCode(), json::toString);
            assertEquals("", json.err(), json::toString);
            for (final Map<String, Object> island : islands(json.json()))
            {
                final List<?> skipped = array(island, "skipped_snapshots");
                assertEquals(((Number)island.get("partition")).intValue() == ISLAND ? 1 : 0, skipped.size(),
                    island::toString);
            }
        }
    }

    @Test
    void shouldNoteALiveWriterAndGoOn()
    {
        final Path copy = DemoDirectory.copy(data, temp.resolve("live"));
        try (Archipelago engine = Archipelago.open(ArchipelagoConfig.builder()
            .partitions(DemoDirectory.PARTITIONS)
            .dataDirectory(copy)
            .build()))
        {
            for (final List<String> command : List.of(List.of("replay"), List.of("audit"),
                List.of("history", "--user", DemoDirectory.USER), List.of("dump", "--partition", "0", "--limit", "1"),
                List.of("stats", "--json")))
            {
                final CliRun run = CliRun.of(withData(command, copy));

                assertEquals(0, run.exitCode(), run::toString);
                assertEquals(1, run.err().lines().filter(line -> line.contains("held by a live engine")).count(),
                    run::toString);
                assertTrue(run.err().contains("pid " + ProcessHandle.current().pid()), run::toString);
                assertFalse(run.out().isEmpty(), run::toString);
            }
            assertTrue(engine.snapshot().size() > 0, "the engine ran on while the commands read");
        }
    }

    @Test
    void shouldCallADirectoryHoldingOnlyALockFileEmpty() throws IOException
    {
        final Path directory = Files.createDirectories(temp.resolve("only-lock"));
        Files.writeString(directory.resolve(MetaFile.LOCK_FILE_NAME), "", StandardCharsets.UTF_8);

        final CliRun run = CliRun.of("stats", "--data", directory.toString());

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("is empty"), run::toString);
    }

    private static String[] withData(final List<String> command, final Path directory)
    {
        final List<String> args = new ArrayList<>(command);
        args.add(1, "--data");
        args.add(2, directory.toString());
        return args.toArray(String[]::new);
    }
}
