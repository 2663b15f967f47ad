package io.archipelago.engine.stream;

import java.io.IOException;
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
import io.archipelago.router.PartitionRouter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fault campaign against the user index files: single flipped bits at random places of every segment, files cut at
 * random lengths, and segments deleted, each on a fresh copy of the index. After every fault each user's stream,
 * read the way the tools read it (the index read-only, set aside and read again from the journal when a check fails),
 * equals the stream scanned from the journal and event log; and after some of them the engine, reopened, answers the
 * same through {@code history} and writes a whole index again at close.
 */
class UserIndexFaultsTest
{
    private static final int ISLANDS = 2;
    private static final int USERS = 24;
    private static final int BIT_FLIPS = 160;
    private static final int CUTS = 40;

    @TempDir
    Path dir;

    @Test
    void shouldAnswerEveryStreamAsTheJournalDoesWhateverHappensToTheIndexFiles() throws Exception
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(ISLANDS).islandThreads(2)
            .dataDirectory(dir).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            workload(engine);
        }
        final Map<String, List<HistoryEntry>> scanned = new TreeMap<>(StreamScan.everyUser(dir, ISLANDS));
        assertTrue(scanned.size() >= USERS / 2, "users " + scanned.keySet());
        final DataDirectoryLayout layout = new DataDirectoryLayout(dir);
        final Path pristine = dir.resolve("pristine-users");
        for (int island = 0; island < ISLANDS; island++)
        {
            copy(layout.users(island), pristine.resolve(String.valueOf(island)));
        }
        assertEquals(scanned, offline(layout, scanned), "the index as written");

        final Random random = new Random(20261208);
        int noticed = 0;
        for (int fault = 0; fault < BIT_FLIPS + CUTS; fault++)
        {
            restore(layout, pristine);
            final int island = random.nextInt(ISLANDS);
            final List<Path> segments = segments(layout.users(island));
            final Path segment = segments.get(random.nextInt(segments.size()));
            final byte[] bytes = Files.readAllBytes(segment);
            final String what;
            if (fault < BIT_FLIPS)
            {
                final int at = random.nextInt(bytes.length);
                final int bit = random.nextInt(8);
                bytes[at] ^= (byte)(1 << bit);
                Files.write(segment, bytes);
                what = "bit " + bit + " of byte " + at + " of " + segment.getFileName();
            }
            else
            {
                final int length = random.nextInt(bytes.length);
                Files.write(segment, java.util.Arrays.copyOf(bytes, length));
                what = segment.getFileName() + " cut to " + length + " of " + bytes.length + " bytes";
            }
            final Map<String, List<HistoryEntry>> read = offline(layout, scanned);
            assertEquals(scanned, read, "after " + what);
            noticed += setAside;
            if (fault % 40 == 0)
            {
                assertEquals(scanned, live(config), "the engine after " + what);
            }
        }
        System.out.println("user index faults: " + BIT_FLIPS + " flipped bits and " + CUTS + " cut files; the index " +
            "was set aside (a check failed) after " + noticed + "; every stream equal to the journal's after all");
        assertTrue(noticed >= CUTS, "faults noticed: " + noticed);

        // A segment deleted: the rest no longer covers the journal from its first record.
        restore(layout, pristine);
        for (final Path segment : segments(layout.users(0)))
        {
            Files.delete(segment);
            break;
        }
        assertEquals(scanned, offline(layout, scanned), "after a segment was deleted");
        assertEquals(scanned, live(config), "the engine after a segment was deleted");
        assertEquals(scanned, offline(layout, scanned), "the index the engine wrote again");
        assertEquals(0, setAside, "the rewritten index is whole");
    }

    private static void workload(final Archipelago engine) throws Exception
    {
        assertEquals(ResultCode.CREATED, engine.createProduct(1, 600).get(10, TimeUnit.SECONDS));
        final Random random = new Random(3);
        final List<CompletableFuture<ResultCode>> results = new ArrayList<>();
        for (int i = 0; i < 4000; i++)
        {
            final String login = "user-" + random.nextInt(USERS);
            results.add(random.nextInt(6) == 0 ? engine.cancelOrder(login, random.nextInt(i + 1)) :
                engine.placeOrder(login, i, new OrderLine(1, 1 + random.nextInt(2))));
        }
        for (final CompletableFuture<ResultCode> result : results)
        {
            assertNotNull(result.get(30, TimeUnit.SECONDS));
        }
    }

    /** Islands whose index the last {@link #offline} read set aside. */
    private int setAside;

    /**
     * Every user's stream read as the tools read it: the index read-only, set aside and built in memory from the
     * journal and the event log when a check fails.
     */
    private Map<String, List<HistoryEntry>> offline(final DataDirectoryLayout layout,
        final Map<String, List<HistoryEntry>> users)
    {
        final Map<String, List<HistoryEntry>> streams = new TreeMap<>();
        final PartitionRouter router = new PartitionRouter(ISLANDS);
        setAside = 0;
        for (int island = 0; island < ISLANDS; island++)
        {
            try (Journal journal = Journal.openReadOnly(island, layout.journal(island));
                EventLog events = EventLog.openReadOnly(island, layout.events(island));
                UserIndex index = UserIndex.open(island, layout.users(island), false))
            {
                index.catchUp(journal, events, Long.MAX_VALUE);
                for (final String login : users.keySet())
                {
                    if (router.partitionOf(login) != island)
                    {
                        continue;
                    }
                    try
                    {
                        streams.put(login, UserStream.entries(index, journal, events, login, 1, true));
                    }
                    catch (final DamagedIndexException ex)
                    {
                        index.reset(ex.getMessage());
                        index.catchUp(journal, events, Long.MAX_VALUE);
                        streams.put(login, UserStream.entries(index, journal, events, login, 1, true));
                    }
                }
                setAside += null == index.damage() ? 0 : 1;
            }
        }
        return streams;
    }

    private static Map<String, List<HistoryEntry>> live(final ArchipelagoConfig config)
    {
        final Map<String, List<HistoryEntry>> streams = new TreeMap<>();
        try (Archipelago engine = Archipelago.open(config))
        {
            for (int i = 0; i < USERS; i++)
            {
                final List<HistoryEntry> stream = engine.history("user-" + i);
                if (!stream.isEmpty())
                {
                    streams.put("user-" + i, stream);
                }
            }
        }
        return streams;
    }

    private static void restore(final DataDirectoryLayout layout, final Path pristine) throws IOException
    {
        for (int island = 0; island < ISLANDS; island++)
        {
            final Path users = layout.users(island);
            for (final Path file : segmentsAndOthers(users))
            {
                Files.delete(file);
            }
            copy(pristine.resolve(String.valueOf(island)), users);
        }
    }

    private static void copy(final Path from, final Path to) throws IOException
    {
        Files.createDirectories(to);
        for (final Path file : segmentsAndOthers(from))
        {
            Files.copy(file, to.resolve(file.getFileName()));
        }
    }

    private static List<Path> segments(final Path users) throws IOException
    {
        return segmentsAndOthers(users).stream().filter(f -> f.toString().endsWith(".idx")).toList();
    }

    private static List<Path> segmentsAndOthers(final Path directory) throws IOException
    {
        if (!Files.isDirectory(directory))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory))
        {
            return files.sorted().toList();
        }
    }
}
