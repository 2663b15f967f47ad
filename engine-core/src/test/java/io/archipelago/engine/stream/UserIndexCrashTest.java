package io.archipelago.engine.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.events.EventLog;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.HistoryEntry;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process building an island's user index killed with SIGKILL at random moments, 12 times: writing a segment,
 * merging, renaming, deleting. After each kill every user's stream, read the way the tools read it (read-only) and the
 * way the engine does (repairing what it finds), equals the stream scanned from the journal and the event log.
 */
class UserIndexCrashTest
{
    private static final int KILLS = 12;
    private static final int USERS = 20;

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryStreamRightAcrossKillsWhileTheIndexIsWritten() throws Exception
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(1).islandThreads(1)
            .dataDirectory(dir).indexUsersAtClose(false).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(1, 1_000_000).get(10, TimeUnit.SECONDS));
            final Random random = new Random(11);
            final List<CompletableFuture<ResultCode>> results = new ArrayList<>();
            for (int i = 0; i < 20_000; i++)
            {
                results.add(engine.placeOrder("user-" + random.nextInt(USERS), i, new OrderLine(1, 1)));
            }
            for (final CompletableFuture<ResultCode> result : results)
            {
                assertNotNull(result.get(30, TimeUnit.SECONDS));
            }
        }
        final Map<String, List<HistoryEntry>> scanned = new TreeMap<>(StreamScan.everyUser(dir, 1));
        final DataDirectoryLayout layout = new DataDirectoryLayout(dir);
        final Random random = new Random(7);
        int leftovers = 0;
        for (int kill = 0; kill < KILLS; kill++)
        {
            final Process child = start(kill);
            Thread.sleep(50 + random.nextInt(400));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child ended");
            leftovers += leftoverFiles(layout.users(0));
            assertEquals(scanned, read(layout, false), "read-only, after kill " + kill);
            assertEquals(scanned, read(layout, true), "repaired, after kill " + kill);
        }
        System.out.println("user index kills: " + KILLS + " SIGKILLs while building; " + leftovers + " times a " +
            "temporary file or a replaced segment was left; every stream equal to the journal's after each");
    }

    private Process start(final int kill) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(arg -> arg.startsWith("--add-") || arg.startsWith("-Dchronicle")).toList());
        command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
            IndexBuilderChild.class.getName(), dir.toString(), Integer.toString(kill)));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8));
        String line;
        final StringBuilder seen = new StringBuilder();
        while (null != (line = output.readLine()))
        {
            if (line.contains("READY"))
            {
                final Thread drain = new Thread(() -> drain(output), "index-child-output");
                drain.setDaemon(true);
                drain.start();
                return process;
            }
            seen.append(line).append('\n');
        }
        process.waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException("the child ended before it was ready:\n" + seen);
    }

    private static void drain(final BufferedReader output)
    {
        try
        {
            while (null != output.readLine())
            {
                continue;
            }
        }
        catch (final IOException ignored)
        {
            // The child was killed.
        }
    }

    private static Map<String, List<HistoryEntry>> read(final DataDirectoryLayout layout, final boolean writable)
    {
        final Map<String, List<HistoryEntry>> streams = new TreeMap<>();
        try (Journal journal = Journal.openReadOnly(0, layout.journal(0));
            EventLog events = EventLog.openReadOnly(0, layout.events(0));
            UserIndex index = UserIndex.open(0, layout.users(0), writable))
        {
            index.catchUp(journal, events, Long.MAX_VALUE);
            for (int i = 0; i < USERS; i++)
            {
                final String login = "user-" + i;
                List<HistoryEntry> stream;
                try
                {
                    stream = UserStream.entries(index, journal, events, login, 1, true);
                }
                catch (final DamagedIndexException ex)
                {
                    index.reset(ex.getMessage());
                    index.catchUp(journal, events, Long.MAX_VALUE);
                    stream = UserStream.entries(index, journal, events, login, 1, true);
                }
                if (!stream.isEmpty())
                {
                    streams.put(login, stream);
                }
            }
            if (writable)
            {
                index.persist();
            }
        }
        return streams;
    }

    /**
     * @return 1 when the directory holds a temporary file or segments that overlap (what a kill between writing and
     *         deleting leaves), else 0.
     */
    private static int leftoverFiles(final Path users) throws IOException
    {
        if (!Files.isDirectory(users))
        {
            return 0;
        }
        try (Stream<Path> files = Files.list(users))
        {
            final List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            if (names.stream().anyMatch(name -> name.endsWith(".tmp")))
            {
                return 1;
            }
            long next = 1;
            for (final String name : names)
            {
                final String[] range = name.replace("users-", "").replace(".idx", "").split("-");
                if (Long.parseLong(range[0]) != next)
                {
                    return 1;
                }
                next = Long.parseLong(range[1]) + 1;
            }
            return 0;
        }
    }
}
