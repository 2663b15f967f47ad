package io.archipelago.engine.stream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user index on its own, over one island's real journal and event log: built in many small steps it keeps few
 * segments that tile the sequences and answers as one built in one step; what a crash can leave (a temporary file,
 * the two segments a merge replaced beside the merged one) is cleaned up on open; an engine told not to index at close
 * writes nothing unless a history read opened the index.
 */
class UserIndexSegmentsTest
{
    private static final int USERS = 30;

    @TempDir
    Path dir;

    private DataDirectoryLayout layout;
    private long lastSequence;

    @BeforeEach
    void writeAnIsland() throws Exception
    {
        layout = new DataDirectoryLayout(dir);
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(1).islandThreads(1)
            .dataDirectory(dir).indexUsersAtClose(false).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(1, 1_000_000).get(10, TimeUnit.SECONDS));
            final Random random = new Random(5);
            final List<java.util.concurrent.CompletableFuture<ResultCode>> results = new ArrayList<>();
            for (int i = 0; i < 3000; i++)
            {
                final String login = "u" + random.nextInt(USERS);
                results.add(random.nextInt(5) == 0 ? engine.cancelOrder(login, 1 + random.nextInt(i + 1)) :
                    engine.placeOrder(login, i + 1, new OrderLine(1, 1)));
            }
            for (final var result : results)
            {
                assertNotNull(result.get(10, TimeUnit.SECONDS));
            }
        }
        assertFalse(Files.exists(layout.users(0)), "no index written at close when told not to");
        try (Journal journal = Journal.openReadOnly(0, layout.journal(0));
            io.archipelago.engine.journal.JournalReader reader = journal.reader())
        {
            while (reader.next())
            {
                lastSequence = reader.header().sequence();
            }
        }
    }

    @Test
    void shouldAnswerTheSameBuiltInManyStepsWithFewSegmentsThatTileTheJournal() throws Exception
    {
        final TreeMap<String, List<HistoryEntry>> whole = read(layout.island(0).resolve("whole"), lastSequence);
        try (Journal journal = Journal.openReadOnly(0, layout.journal(0));
            EventLog events = EventLog.openReadOnly(0, layout.events(0));
            UserIndex index = UserIndex.open(0, layout.users(0), true))
        {
            for (long limit = 7; limit < lastSequence + 50; limit += 37)
            {
                index.catchUp(journal, events, limit);
                index.persist();
                assertEquals(Math.min(limit, lastSequence), index.coveredThrough());
                assertTrue(index.segmentCount() <= 2 * (64 - Long.numberOfLeadingZeros(lastSequence)),
                    index.segmentCount() + " segments");
            }
        }
        final List<Path> segments = segments(layout.users(0));
        long next = 1;
        for (final Path segment : segments)
        {
            final String[] range = segment.getFileName().toString().replace("users-", "").replace(".idx", "")
                .split("-");
            assertEquals(next, Long.parseLong(range[0]), segments.toString());
            next = Long.parseLong(range[1]) + 1;
        }
        assertEquals(lastSequence + 1, next, "the segments cover every record");
        assertEquals(whole, read(layout.users(0), lastSequence));
    }

    @Test
    void shouldCleanUpWhatACrashLeftInTheMiddleOfAMerge() throws Exception
    {
        final Path users = layout.users(0);
        final Path aside = dir.resolve("aside");
        Files.createDirectories(aside);
        try (Journal journal = Journal.openReadOnly(0, layout.journal(0));
            EventLog events = EventLog.openReadOnly(0, layout.events(0));
            UserIndex index = UserIndex.open(0, users, true))
        {
            index.catchUp(journal, events, lastSequence / 2);
            index.persist();
            index.catchUp(journal, events, lastSequence / 2 + 10);
            index.persist();
            assertEquals(2, index.segmentCount(), "a short segment beside a long one is not merged yet");
            for (final Path segment : segments(users))
            {
                Files.copy(segment, aside.resolve(segment.getFileName()));
            }
            index.catchUp(journal, events, lastSequence);
            index.persist();
            assertEquals(1, index.segmentCount(), "merged");
        }
        // As if the process died after the merged segment was renamed in place, before the two were deleted; and a
        // segment being written was left as a temporary file.
        for (final Path segment : segments(aside))
        {
            Files.copy(segment, users.resolve(segment.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.write(users.resolve("users-12345.tmp"), new byte[100]);
        assertEquals(3, segments(users).size());

        final TreeMap<String, List<HistoryEntry>> expected = read(dir.resolve("fresh"), lastSequence);
        try (UserIndex reopened = UserIndex.open(0, users, true))
        {
            assertNull(reopened.damage(), "nothing is damaged");
            assertEquals(1, reopened.segmentCount());
            assertEquals(lastSequence, reopened.coveredThrough());
        }
        assertEquals(1, segments(users).size(), "the replaced segments are deleted");
        try (Stream<Path> files = Files.list(users))
        {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".tmp")), "the temporary file is deleted");
        }
        assertEquals(expected, read(users, lastSequence));
    }

    @Test
    void shouldWriteWhatAHistoryReadIndexedWhenNotIndexingAtClose() throws Exception
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(1).islandThreads(1)
            .dataDirectory(dir).indexUsersAtClose(false).build();
        final List<HistoryEntry> live;
        try (Archipelago engine = Archipelago.open(config))
        {
            live = engine.history("u3");
            assertFalse(live.isEmpty());
        }
        assertFalse(segments(layout.users(0)).isEmpty(), "what the read indexed is written at close");
        assertEquals(live, read(layout.users(0), Long.MAX_VALUE).get("u3"));
    }

    /**
     * Every user's stream through an index in {@code directory}, brought up to {@code limit} first.
     */
    private TreeMap<String, List<HistoryEntry>> read(final Path directory, final long limit)
    {
        final TreeMap<String, List<HistoryEntry>> streams = new TreeMap<>();
        try (Journal journal = Journal.openReadOnly(0, layout.journal(0));
            EventLog events = EventLog.openReadOnly(0, layout.events(0));
            UserIndex index = UserIndex.open(0, directory, true))
        {
            index.catchUp(journal, events, limit);
            for (int i = 0; i < USERS; i++)
            {
                streams.put("u" + i, UserStream.entries(index, journal, events, "u" + i, 1, true));
            }
        }
        return streams;
    }

    private static List<Path> segments(final Path users) throws IOException
    {
        if (!Files.isDirectory(users))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(users))
        {
            return files.filter(f -> f.toString().endsWith(".idx")).sorted().toList();
        }
    }
}
