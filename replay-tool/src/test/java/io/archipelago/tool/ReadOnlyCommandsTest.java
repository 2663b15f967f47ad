package io.archipelago.tool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.router.MetaFile;
import io.archipelago.router.PartitionRouter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operator command only reads: the data directory is byte-identical afterwards, modification times included.
 * And every way a data directory can be unusable gives exit code 2 and one line on stderr naming the path.
 */
class ReadOnlyCommandsTest
{
    @TempDir
    static Path shared;

    private static Path data;
    private static Path bad;

    @BeforeAll
    static void writeDirectories() throws IOException
    {
        data = DemoDirectory.create(shared.resolve("data"), 42);
        bad = Files.createDirectories(shared.resolve("bad"));

        Files.createDirectories(bad.resolve("empty"));
        Files.writeString(Files.createDirectories(bad.resolve("foreign")).resolve("notes.txt"), "mine");
        Files.writeString(bad.resolve("a-file"), "not a directory");

        final Path damagedMeta = DemoDirectory.copy(data, bad.resolve("damaged-meta"));
        Files.writeString(damagedMeta.resolve(MetaFile.FILE_NAME), "magic=archipelago\nformat=1\n");

        final Path noJournal = DemoDirectory.copy(data, bad.resolve("no-journal"));
        try (Stream<Path> files = Files.list(journal(noJournal, 3)))
        {
            for (final Path file : files.toList())
            {
                Files.delete(file);
            }
        }
        Files.delete(journal(noJournal, 3));

        final Path emptyJournal = DemoDirectory.copy(data, bad.resolve("empty-journal"));
        try (Stream<Path> files = Files.list(journal(emptyJournal, 2)))
        {
            for (final Path file : files.toList())
            {
                Files.delete(file);
            }
        }

        final Path damagedRecord = DemoDirectory.copy(data, bad.resolve("damaged-record"));
        damageLastRecordHolding(journal(damagedRecord, 1), restockPayload());

        final Path damagedCleanShutdown = DemoDirectory.copy(data, bad.resolve("damaged-clean-shutdown"));
        Files.writeString(new DataDirectoryLayout(damagedCleanShutdown).cleanShutdown(0),
            "sequence=twelve\n");
    }

    static Stream<List<String>> commands()
    {
        return Stream.of(
            List.of("replay"),
            List.of("replay", "--verify", "--json"),
            List.of("replay", "--no-snapshots", "--threads", "1"),
            List.of("audit"),
            List.of("audit", "--json"),
            List.of("history", "--user", DemoDirectory.USER),
            List.of("history", "--user", DemoDirectory.USER, "--order", String.valueOf(DemoDirectory.ORDER), "--json"),
            List.of("history", "--product", String.valueOf(DemoDirectory.PRODUCT)),
            List.of("dump", "--partition", "0"),
            List.of("dump", "--partition", "3", "--from", "100", "--limit", "10", "--json"),
            List.of("dump", "--partition", "1", "--timers"),
            List.of("stats"),
            List.of("stats", "--json"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void shouldLeaveTheDataDirectoryByteIdentical(final List<String> command)
    {
        final Map<String, String> before = DemoDirectory.fingerprint(data);

        final CliRun run = CliRun.of(withData(command, data));

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(before, DemoDirectory.fingerprint(data), "nothing under " + data + " changed");
    }

    static Stream<Arguments> unusableDirectories()
    {
        final List<Arguments> cases = new ArrayList<>();
        final List<List<String>> commands = List.of(List.of("replay", "--verify"), List.of("audit"),
            List.of("history", "--product", "1"), List.of("history", "--user", "heavy-0"),
            List.of("dump", "--partition", "1"), List.of("dump", "--partition", "1", "--timers", "--json"),
            List.of("stats", "--json"));
        final List<List<String>> directories = List.of(
            List.of("missing", "does not exist"),
            List.of("empty", "is empty"),
            List.of("foreign", "is not an Archipelago data directory"),
            List.of("a-file", "is not a directory"),
            List.of("damaged-meta", MetaFile.FILE_NAME),
            List.of("no-journal", "has no journal for island 3"),
            List.of("empty-journal", "the journal of island 2 is empty"),
            List.of("damaged-record", "is damaged at index"),
            List.of("damaged-clean-shutdown", "clean-shutdown"));
        for (final List<String> directory : directories)
        {
            for (final List<String> command : commands)
            {
                final boolean readsIsland1 = !command.get(0).equals("history") || command.contains("--product") ||
                    new PartitionRouter(DemoDirectory.PARTITIONS).partitionOf("heavy-0") == 1;
                final boolean readsCleanShutdown = command.get(0).equals("replay") ||
                    command.get(0).equals("audit") || command.get(0).equals("stats");
                if ((directory.get(0).equals("damaged-record") && !readsIsland1) ||
                    (directory.get(0).equals("damaged-clean-shutdown") && !readsCleanShutdown))
                {
                    continue;
                }
                cases.add(Arguments.of(command, directory.get(0), directory.get(1)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("unusableDirectories")
    void shouldExitTwoWithOneLineNamingTheDirectory(final List<String> command, final String name,
        final String problem)
    {
        final Path directory = bad.resolve(name);
        final boolean existed = Files.exists(directory);
        final Map<String, String> before = existed ? DemoDirectory.fingerprint(directory) : Map.of();

        final CliRun run = CliRun.of(withData(command, directory));

        assertEquals(2, run.exitCode(), run::toString);
        if (!name.equals("damaged-record") || command.contains("--json"))
        {
            assertEquals("", run.out(), "refused before anything is printed: " + run);
        }
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().startsWith("archipelago " + command.get(0) + ": "), run::toString);
        assertTrue(run.err().contains(directory.toAbsolutePath().toString()), run::toString);
        assertTrue(run.err().contains(problem), run::toString);
        assertFalse(run.err().contains("Exception"), run::toString);
        assertEquals(existed, Files.exists(directory));
        if (existed)
        {
            assertEquals(before, DemoDirectory.fingerprint(directory), "left untouched");
        }
    }

    @Test
    void shouldPrintTheStackTraceOnlyWhenVerbose()
    {
        final Path directory = bad.resolve("damaged-record");

        final CliRun quiet = CliRun.of("replay", "--data", directory.toString());
        final CliRun verbose = CliRun.of("replay", "--data", directory.toString(), "--verbose");

        assertEquals(2, quiet.exitCode(), quiet::toString);
        assertEquals(2, verbose.exitCode(), verbose::toString);
        assertFalse(quiet.err().contains("\tat "), quiet::toString);
        assertTrue(verbose.err().contains("CorruptJournalException"), verbose::toString);
        assertTrue(verbose.err().contains("\tat "), verbose::toString);
    }

    @Test
    void shouldListEveryCommandInTopLevelHelp()
    {
        final CliRun run = CliRun.of("--help");

        assertEquals(0, run.exitCode(), run::toString);
        for (final String command : List.of("demo", "replay", "audit", "history", "dump", "stats", "consume",
            "groups"))
        {
            assertTrue(run.out().lines().anyMatch(line -> line.trim().startsWith(command + " ")),
                command + " in " + run);
        }
    }

    @Test
    void shouldRefuseAnUnknownCommandOrOptionEvenWhenHelpIsAsked()
    {
        for (final String[] args : List.of(new String[] {"nosuch", "--help"}, new String[] {"nosuch"},
            new String[] {"stats", "--nosuch", "--help"}, new String[] {"nosuch", "-h"},
            new String[] {"--help", "nosuch"}, new String[] {"nosuch", "--version"}, new String[] {"-v", "nosuch", "-h"},
            new String[] {"nosuch", "help"}, new String[] {"nosuch", "stats", "--help"},
            new String[] {"help", "nosuch"}, new String[] {"help", "--help", "nosuch"},
            new String[] {"stats", "nosuch", "--help"}, new String[] {"help", "stats", "nosuch"}))
        {
            final CliRun run = CliRun.of(args);
            assertEquals(2, run.exitCode(), () -> String.join(" ", args) + ": " + run);
            assertEquals("", run.out(), () -> String.join(" ", args) + ": no help printed as if the command were " +
                "fine: " + run);
            assertEquals(1, run.err().lines().count(), () -> String.join(" ", args) + ": " + run);
            assertTrue(run.err().contains("nosuch"), () -> String.join(" ", args) + ": " + run);
        }
    }

    @Test
    void shouldPrintHelpWhenEveryWordNamesACommand()
    {
        for (final String[] args : List.of(new String[] {"help"}, new String[] {"help", "stats"},
            new String[] {"help", "--help"}, new String[] {"help", "--help", "audit"}, new String[] {"-h"},
            new String[] {"stats", "-h"}, new String[] {"-v", "dump", "--help"}))
        {
            final CliRun run = CliRun.of(args);
            assertEquals(0, run.exitCode(), () -> String.join(" ", args) + ": " + run);
            assertTrue(run.out().contains("Usage: archipelago"), () -> String.join(" ", args) + ": " + run);
            assertEquals("", run.err(), () -> String.join(" ", args) + ": " + run);
        }
    }

    private static String[] withData(final List<String> command, final Path directory)
    {
        final List<String> args = new ArrayList<>(command);
        args.add(1, "--data");
        args.add(2, directory.toString());
        return args.toArray(String[]::new);
    }

    private static Path journal(final Path data, final int partition)
    {
        return new DataDirectoryLayout(data).journal(partition);
    }

    /**
     * @return the payload of the restock {@link DemoDirectory#create} journals after the snapshots: product id and
     *         units, little-endian.
     */
    private static byte[] restockPayload()
    {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(DemoDirectory.PRODUCT)
            .putLong(DemoDirectory.RESTOCK).array();
    }

    /**
     * Changes one byte of the last journal record holding {@code payload}, so its checksum fails. The restock is
     * journaled after the snapshots, so even a replay from a snapshot reads it.
     */
    private static void damageLastRecordHolding(final Path journal, final byte[] payload) throws IOException
    {
        try (Stream<Path> files = Files.list(journal))
        {
            for (final Path file : files.filter(f -> f.toString().endsWith(".cq4")).toList())
            {
                final byte[] bytes = Files.readAllBytes(file);
                final int at = lastIndexOf(bytes, payload);
                if (at >= 0)
                {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
                    {
                        channel.write(ByteBuffer.wrap(new byte[] { (byte)(bytes[at + 8] ^ 0x01) }), at + 8);
                    }
                    return;
                }
            }
        }
        throw new AssertionError("no record holding the restock in " + journal);
    }

    private static int lastIndexOf(final byte[] bytes, final byte[] needle)
    {
        for (int i = bytes.length - needle.length; i >= 0; i--)
        {
            int j = 0;
            while (j < needle.length && bytes[i + j] == needle[j])
            {
                j++;
            }
            if (j == needle.length)
            {
                return i;
            }
        }
        return -1;
    }
}
