package io.archipelago.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.archipelago.engine.events.EventLog;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.EventType;
import io.archipelago.engine.model.HistoryEntry;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.OrderStatus;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.engine.stream.UserIndex;
import io.archipelago.engine.stream.UserIndexDescriptor;
import io.archipelago.engine.stream.StreamScan;
import io.archipelago.engine.stream.UserStream;
import io.archipelago.router.PartitionRouter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-user streams on real islands: for every user of a seeded run with transfers, cancels, holds (confirmed,
 * released, expired) and timers (fired, cancelled), the stream read through the user index equals the filter of a full
 * scan of the user's island's journal and event log: on the live engine, offline after close, after the index was
 * deleted, and after it was damaged, made stale or replaced by another directory's.
 */
class UserHistoryTest
{
    private static final long START = 1_800_000_000_000L;
    private static final int ISLANDS = 4;
    private static final int USERS = 40;

    @TempDir
    Path dir;

    @TempDir
    Path other;

    private final AtomicLong now = new AtomicLong(START);
    /** Islands whose index the last offline read found damaged, foreign or stale and read again from the journal. */
    private static int offlineSetAside;

    private ArchipelagoConfig config(final Path data)
    {
        return ArchipelagoConfig.builder().partitions(ISLANDS).islandThreads(2).dataDirectory(data).clock(now::get)
            .build();
    }

    private static String user(final int i)
    {
        return "user-" + i + (i % 5 == 0 ? "-é" : "");
    }

    @Test
    void shouldReadEveryUsersStreamThroughTheIndexAsAFullScanWouldLiveOfflineAndAfterRepair() throws Exception
    {
        final Map<String, List<HistoryEntry>> live = new TreeMap<>();
        try (Archipelago engine = Archipelago.open(config(dir)))
        {
            runWorkload(engine, 7);
            for (int i = 0; i < USERS; i++)
            {
                live.put(user(i), engine.history(user(i)));
                checkOrdersOf(engine, user(i));
            }
        }
        final Map<String, List<HistoryEntry>> scanned = fullScan(dir);
        assertSameStreams(scanned, live, "live streams");
        assertTrue(scanned.values().stream().mapToInt(List::size).sum() > 1000, "the run is big enough");
        assertTrue(scanned.values().stream().flatMap(List::stream).anyMatch(e -> null != e.event() &&
            e.event().type() == EventType.HOLD_EXPIRED), "holds expired");
        assertTrue(scanned.values().stream().flatMap(List::stream).anyMatch(e -> null != e.event() &&
            e.event().type() == EventType.SCHEDULE_FIRED), "timers fired");
        assertTrue(scanned.values().stream().flatMap(List::stream).anyMatch(e -> null != e.event() &&
            e.event().type() == EventType.ORDER_CONFIRMED && !e.isInput() && e.event().id().index() >= 0 &&
            previousIsNotTheSameSequence(scanned, e)), "orders confirmed by a later record (a transfer)");

        assertSameStreams(scanned, offline(dir, true), "offline, from the index written at close");
        for (int island = 0; island < ISLANDS; island++)
        {
            assertFalse(segments(island).isEmpty(), "island " + island + " has index segments");
        }

        // Deleted: the engine builds it again.
        DataDirectoryLayout.deleteTree(new DataDirectoryLayout(dir).users(1));
        assertSameStreams(scanned, reopenAndRead(), "after the index was deleted");
        assertFalse(segments(1).isEmpty(), "rebuilt at close");

        // A flipped bit in the middle entry of every segment (every binary search reads it) and in a header.
        for (int island = 0; island < ISLANDS; island++)
        {
            for (final Path segment : segments(island))
            {
                flipMiddleEntry(segment);
            }
        }
        assertSameStreams(scanned, offline(dir, false), "the tools read around a damaged index");
        assertEquals(ISLANDS, offlineSetAside, "every island's damaged index was noticed");
        assertSameStreams(scanned, reopenAndRead(), "after entries were damaged");
        flipByte(segments(2).get(0), UserIndexDescriptor.HEADER_LENGTH - 10);
        assertSameStreams(scanned, reopenAndRead(), "after a header was damaged");
        assertSameStreams(scanned, offline(dir, true), "repaired at close");
    }

    @Test
    void shouldSetAsideAnIndexBuiltFromAnotherDirectorysJournal() throws Exception
    {
        try (Archipelago engine = Archipelago.open(config(dir)))
        {
            runWorkload(engine, 11);
        }
        try (Archipelago engine = Archipelago.open(config(other)))
        {
            runWorkload(engine, 12);
        }
        final Map<String, List<HistoryEntry>> scanned = fullScan(dir);
        // Another directory's index, whose segments cover more or other records.
        for (int island = 0; island < ISLANDS; island++)
        {
            final DataDirectoryLayout mine = new DataDirectoryLayout(dir);
            DataDirectoryLayout.deleteTree(mine.users(island));
            copyTree(new DataDirectoryLayout(other).users(island), mine.users(island));
        }
        assertSameStreams(scanned, offline(dir, false), "the tools read around a foreign index");
        assertEquals(ISLANDS, offlineSetAside, "every island's foreign index was noticed");
        assertSameStreams(scanned, reopenAndRead(), "the engine builds it again");
        assertSameStreams(scanned, offline(dir, true), "and writes it at close");
    }

    @Test
    void shouldReadFromASequenceOnAndRefuseBadArguments() throws Exception
    {
        try (Archipelago engine = Archipelago.open(config(dir)))
        {
            runWorkload(engine, 3);
            final List<HistoryEntry> whole = engine.history(user(3));
            assertTrue(whole.size() > 4);
            final long from = whole.get(whole.size() / 2).sequence();
            assertEquals(whole.stream().filter(e -> e.sequence() >= from).toList(), engine.history(user(3), from));
            assertEquals(List.of(), engine.history("nobody-at-all"));
            assertEquals(List.of(), engine.ordersOf("nobody-at-all").get(10, TimeUnit.SECONDS));
            assertThrows(IllegalArgumentException.class, () -> engine.history(user(3), 0));
            assertThrows(IllegalArgumentException.class, () -> engine.history(null));
            assertThrows(IllegalArgumentException.class, () -> engine.history(""));
            assertThrows(IllegalArgumentException.class, () -> engine.ordersOf(null));
        }
        try (Archipelago engine = Archipelago.open(ArchipelagoConfig.builder().partitions(2)
            .durability(io.archipelago.engine.model.Durability.NONE).build()))
        {
            final IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> engine.history("ann"));
            assertTrue(refused.getMessage().contains("data directory"), refused.getMessage());
        }
    }

    private static void assertSameStreams(final Map<String, List<HistoryEntry>> expected,
        final Map<String, List<HistoryEntry>> actual, final String what)
    {
        assertEquals(expected.keySet(), actual.keySet(), what);
        for (final String login : expected.keySet())
        {
            final List<HistoryEntry> want = expected.get(login);
            final List<HistoryEntry> got = actual.get(login);
            for (int i = 0; i < Math.min(want.size(), got.size()); i++)
            {
                assertEquals(want.get(i), got.get(i), what + ": " + login + " entry " + i);
            }
            assertEquals(want.size(), got.size(), what + ": " + login + " entries");
        }
    }

    private static boolean previousIsNotTheSameSequence(final Map<String, List<HistoryEntry>> streams,
        final HistoryEntry entry)
    {
        final List<HistoryEntry> stream = streams.get(entry.event().login());
        return stream.stream().noneMatch(e -> e.isInput() && e.sequence() == entry.sequence());
    }

    private void runWorkload(final Archipelago engine, final long seed) throws Exception
    {
        final Random random = new Random(seed);
        final List<CompletableFuture<ResultCode>> results = new ArrayList<>();
        for (long product = 1; product <= 3; product++)
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(product, 90).get(10, TimeUnit.SECONDS));
        }
        final Map<String, Long> nextId = new HashMap<>();
        for (int op = 0; op < 900; op++)
        {
            final String login = user(random.nextInt(USERS));
            final long id = nextId.merge(login, 1L, Long::sum);
            final OrderLine line = new OrderLine(1 + random.nextInt(3), 1 + random.nextInt(3));
            final int kind = random.nextInt(10);
            if (kind < 5)
            {
                results.add(engine.placeOrder(login, id, line));
            }
            else if (kind == 5)
            {
                results.add(engine.hold(login, id, Duration.ofMinutes(1), line));
            }
            else if (kind == 6)
            {
                results.add(random.nextBoolean() ? engine.confirmHold(login, 1 + random.nextInt((int)id)) :
                    engine.releaseHold(login, 1 + random.nextInt((int)id)));
            }
            else if (kind == 7)
            {
                results.add(engine.cancelOrder(login, 1 + random.nextInt((int)id)));
            }
            else if (kind == 8)
            {
                results.add(engine.schedule(login, id, Duration.ofSeconds(30),
                    ("due " + id).getBytes(StandardCharsets.UTF_8)));
            }
            else
            {
                results.add(engine.cancelSchedule(login, 1 + random.nextInt((int)id)));
            }
            if (op % 300 == 299)
            {
                now.addAndGet(Duration.ofSeconds(20).toMillis());
            }
        }
        // Time moves on (a second per step, as a clock would) until every order, hold and timer is decided.
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((results.stream().anyMatch(r -> !r.isDone()) ||
            engine.scheduledActivity().get(10, TimeUnit.SECONDS).pendingTimers() > 0 ||
            engine.scheduledActivity().get(10, TimeUnit.SECONDS).heldHolds() > 0 ||
            engine.activity().get(10, TimeUnit.SECONDS).pendingOrders() > 0) && System.nanoTime() < deadline)
        {
            now.addAndGet(1_000);
            Thread.sleep(2);
        }
        for (final CompletableFuture<ResultCode> result : results)
        {
            assertNotNull(result.getNow(null));
        }
        assertEquals(0, engine.scheduledActivity().get(10, TimeUnit.SECONDS).pendingTimers());
    }

    private static void checkOrdersOf(final Archipelago engine, final String login) throws Exception
    {
        final List<OrderStatus> orders = engine.ordersOf(login).get(10, TimeUnit.SECONDS);
        final java.util.Set<Long> placed = new java.util.TreeSet<>();
        for (final HistoryEntry entry : engine.history(login))
        {
            if (entry.isInput() && (entry.input().type() == io.archipelago.engine.model.InputType.PLACE_ORDER ||
                entry.input().type() == io.archipelago.engine.model.InputType.PLACE_HOLD))
            {
                placed.add(entry.input().id());
            }
        }
        assertEquals(placed, new java.util.TreeSet<>(orders.stream().map(OrderStatus::orderId).toList()),
            login + ": every order and hold the user placed, once");
        long previous = Long.MIN_VALUE;
        for (final OrderStatus order : orders)
        {
            assertTrue(order.orderId() > previous, "in id order");
            previous = order.orderId();
            assertEquals(engine.orderStatus(login, order.orderId()).get(10, TimeUnit.SECONDS), order);
        }
    }

    /**
     * The definition ({@link StreamScan}), with an empty stream for each user of the run who has no record.
     */
    private static Map<String, List<HistoryEntry>> fullScan(final Path data)
    {
        final Map<String, List<HistoryEntry>> streams = new TreeMap<>();
        for (int i = 0; i < USERS; i++)
        {
            streams.put(user(i), new ArrayList<>());
        }
        streams.putAll(StreamScan.everyUser(data, ISLANDS));
        return streams;
    }

    private static Map<String, List<HistoryEntry>> offline(final Path data, final boolean wholeExpected)
    {
        final DataDirectoryLayout layout = new DataDirectoryLayout(data);
        final Map<String, List<HistoryEntry>> streams = new TreeMap<>();
        final Map<Integer, UserIndex> indexes = new HashMap<>();
        final Map<Integer, Journal> journals = new HashMap<>();
        final Map<Integer, EventLog> logs = new HashMap<>();
        offlineSetAside = 0;
        try
        {
            for (int island = 0; island < ISLANDS; island++)
            {
                final UserIndex index = UserIndex.open(island, layout.users(island), false);
                indexes.put(island, index);
                journals.put(island, Journal.openReadOnly(island, layout.journal(island)));
                logs.put(island, EventLog.openReadOnly(island, layout.events(island)));
                if (wholeExpected)
                {
                    assertNull(index.damage(), "island " + island + ": " + index.damage());
                }
                index.catchUp(journals.get(island), logs.get(island), Long.MAX_VALUE);
            }
            for (int i = 0; i < USERS; i++)
            {
                final String login = user(i);
                final int island = partitionOf(login);
                final List<HistoryEntry> entries;
                try
                {
                    entries = UserStream.entries(indexes.get(island), journals.get(island), logs.get(island), login,
                        1, true);
                }
                catch (final io.archipelago.engine.stream.DamagedIndexException ex)
                {
                    // What the tools do: set the index aside and read it again from the journal, in memory.
                    indexes.get(island).reset(ex.getMessage());
                    indexes.get(island).catchUp(journals.get(island), logs.get(island), Long.MAX_VALUE);
                    streams.put(login, UserStream.entries(indexes.get(island), journals.get(island),
                        logs.get(island), login, 1, true));
                    continue;
                }
                streams.put(login, entries);
            }
        }
        finally
        {
            offlineSetAside = (int)indexes.values().stream().filter(index -> null != index.damage()).count();
            indexes.values().forEach(UserIndex::close);
            journals.values().forEach(Journal::close);
            logs.values().forEach(EventLog::close);
        }
        return streams;
    }

    private Map<String, List<HistoryEntry>> reopenAndRead() throws Exception
    {
        final Map<String, List<HistoryEntry>> streams = new TreeMap<>();
        try (Archipelago engine = Archipelago.open(config(dir)))
        {
            for (int i = 0; i < USERS; i++)
            {
                streams.put(user(i), engine.history(user(i)));
            }
        }
        return streams;
    }

    private static int partitionOf(final String login)
    {
        return new PartitionRouter(ISLANDS).partitionOf(login);
    }

    private List<Path> segments(final int island) throws IOException
    {
        final Path users = new DataDirectoryLayout(dir).users(island);
        if (!Files.isDirectory(users))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(users))
        {
            return files.filter(f -> f.getFileName().toString().endsWith(".idx")).sorted().toList();
        }
    }

    private static void flipMiddleEntry(final Path segment) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(segment);
        final long count = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(48);
        if (count > 0)
        {
            flipByte(segment, UserIndexDescriptor.HEADER_LENGTH + (count / 2) * UserIndexDescriptor.ENTRY_LENGTH + 9);
        }
    }

    private static void flipByte(final Path file, final long offset) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        bytes[(int)offset] ^= 0x10;
        Files.write(file, bytes);
    }

    private static void copyTree(final Path from, final Path to) throws IOException
    {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}
