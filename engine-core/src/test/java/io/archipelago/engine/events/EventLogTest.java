package io.archipelago.engine.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.EventConsumer;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.Event;
import io.archipelago.engine.model.EventType;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.TransferPolicy;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.engine.recovery.IslandRefusedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every island writes its decisions to its event log, and the log holds exactly what replaying its journal decides,
 * also after the log lost its tail.
 */
class EventLogTest
{
    private static final int ISLANDS = 4;

    @TempDir
    Path dir;

    @Test
    void shouldWriteEveryDecisionToTheIslandsEventLogs() throws Exception
    {
        final List<ResultCode> results = new ArrayList<>();
        try (Archipelago engine = Archipelago.open(config()))
        {
            results.addAll(workload(engine, 0));
        }
        final List<Event> all = new ArrayList<>();
        for (int island = 0; island < ISLANDS; island++)
        {
            final List<Event> logged = logged(island);
            assertEquals(replayed(island), logged, "island " + island + ": the log holds what its journal decides");
            for (int i = 1; i < logged.size(); i++)
            {
                assertTrue(logged.get(i).id().isAfter(logged.get(i - 1).id()), "ids grow on island " + island);
            }
            final int expected = island;
            logged.forEach(event -> assertEquals(expected, event.id().island(), "an island's log holds its own"));
            all.addAll(logged);
        }
        assertEquals(2 * ISLANDS, count(all, EventType.PRODUCT_CREATED), "each island took its share of 2 products");
        assertEquals(ISLANDS, count(all, EventType.PRODUCT_RESTOCKED));
        assertEquals(results.stream().filter(r -> r == ResultCode.CONFIRMED).count(),
            count(all, EventType.ORDER_CONFIRMED), "one event per confirmed order");
        assertEquals(results.stream().filter(r -> r == ResultCode.OUT_OF_STOCK).count(),
            count(all, EventType.ORDER_REJECTED) + count(all, EventType.ORDER_EXPIRED));
        assertTrue(count(all, EventType.ORDER_REJECTED) > 0, "an impossible order was rejected");
        assertTrue(all.stream().anyMatch(e -> e.type() == EventType.ORDER_CANCELLED && e.units() == 1),
            "a confirmed order was cancelled and said so");
        assertTrue(count(all, EventType.UNITS_SENT) > 0, "units moved between islands");
        assertEquals(unitsOf(all, EventType.UNITS_SENT), unitsOf(all, EventType.UNITS_RECEIVED),
            "every unit sent was received");
        final Event confirmed = all.stream().filter(e -> e.type() == EventType.ORDER_CONFIRMED).findFirst()
            .orElseThrow();
        assertFalse(confirmed.lines().isEmpty(), "a confirmed order names its lines");
        assertTrue(confirmed.login().startsWith("user-"));
        assertTrue(confirmed.timestamp() > 0);
    }

    @Test
    void shouldDecideAgainTheEventsTheLogLostOnReopen() throws Exception
    {
        try (Archipelago engine = Archipelago.open(config()))
        {
            workload(engine, 0);
        }
        final Path saved = dir.resolve("saved");
        final DataDirectoryLayout layout = new DataDirectoryLayout(dir.resolve("data"));
        for (int island = 0; island < ISLANDS; island++)
        {
            copyTree(layout.events(island), saved.resolve("events-" + island));
        }
        try (Archipelago engine = Archipelago.open(config()))
        {
            workload(engine, 1_000);
        }
        final List<List<Event>> whole = new ArrayList<>();
        for (int island = 0; island < ISLANDS; island++)
        {
            whole.add(logged(island));
            deleteTree(layout.events(island));
            deleteTree(layout.snapshots(island));
            copyTree(saved.resolve("events-" + island), layout.events(island));
            assertNotEquals(whole.get(island).size(), logged(island).size(), "island " + island + " lost its tail");
        }
        try (Archipelago engine = Archipelago.open(config()))
        {
            assertEquals(ResultCode.CONFIRMED, engine.placeOrder("late", 1, new OrderLine(1, 1)).get(10,
                TimeUnit.SECONDS), "the engine goes on after regenerating");
        }
        for (int island = 0; island < ISLANDS; island++)
        {
            final List<Event> logged = logged(island);
            assertEquals(whole.get(island), logged.subList(0, whole.get(island).size()),
                "island " + island + ": the lost tail came back, the same events with the same ids");
            assertEquals(replayed(island), logged, "island " + island + ": the log holds what its journal decides");
        }
    }

    @Test
    void shouldRebuildADeletedEventLogWholeFromTheJournal() throws Exception
    {
        try (Archipelago engine = Archipelago.open(ArchipelagoConfig.builder().partitions(ISLANDS).islandThreads(2)
            .dataDirectory(dir.resolve("data")).snapshotEveryRecords(5).build()))
        {
            workload(engine, 0);
        }
        final DataDirectoryLayout layout = new DataDirectoryLayout(dir.resolve("data"));
        final List<List<Event>> before = new ArrayList<>();
        for (int island = 0; island < ISLANDS; island++)
        {
            before.add(logged(island));
        }
        for (final int island : new int[] {1, 3})
        {
            try (Stream<Path> snapshots = Files.list(layout.snapshots(island)))
            {
                assertTrue(snapshots.findAny().isPresent(), "island " + island + " recovers from a snapshot, so " +
                    "replay after it alone would not reach its first events");
            }
        }
        deleteTree(layout.events(1));
        deleteTree(layout.events(3));
        try (Archipelago engine = Archipelago.open(config()))
        {
            assertEquals(ResultCode.CONFIRMED, engine.placeOrder("after", 1, new OrderLine(1, 1)).get(10,
                TimeUnit.SECONDS));
        }
        for (int island = 0; island < ISLANDS; island++)
        {
            final List<Event> logged = logged(island);
            assertEquals(before.get(island), logged.subList(0, before.get(island).size()),
                "island " + island + ": the log holds its history again, with the same ids");
            assertEquals(replayed(island), logged, "island " + island + ": and what its journal decides");
        }
    }

    @Test
    void shouldRefuseAnIslandWhoseEventLogIsAheadOfItsJournal() throws Exception
    {
        final ArchipelagoConfig one = ArchipelagoConfig.builder().partitions(1).dataDirectory(dir.resolve("data"))
            .snapshotEveryRecords(0).snapshotEvery(Duration.ZERO).build();
        final DataDirectoryLayout layout = new DataDirectoryLayout(dir.resolve("data"));
        try (Archipelago engine = Archipelago.open(one))
        {
            engine.createProduct(1, 10).get(10, TimeUnit.SECONDS);
            engine.placeOrder("a", 1, new OrderLine(1, 1)).get(10, TimeUnit.SECONDS);
        }
        copyTree(layout.journal(0), dir.resolve("older-journal"));
        try (Archipelago engine = Archipelago.open(one))
        {
            engine.placeOrder("a", 2, new OrderLine(1, 1)).get(10, TimeUnit.SECONDS);
        }
        deleteTree(layout.journal(0));
        copyTree(dir.resolve("older-journal"), layout.journal(0));
        Files.delete(layout.manifest());
        Files.delete(layout.cleanShutdown(0));
        deleteTree(layout.snapshots(0));

        final IslandRefusedException refused = assertThrows(IslandRefusedException.class,
            () -> Archipelago.open(one).close());
        assertTrue(refused.getMessage().startsWith("island 0: journal ") &&
            refused.getMessage().contains("but its event log") && !refused.getMessage().contains("\n"),
            refused.getMessage());
    }

    @Test
    void shouldNameTheIslandAndTheLogOfADamagedEventToConsumersAndTheEngine() throws Exception
    {
        try (Archipelago engine = Archipelago.open(config()))
        {
            workload(engine, 0);
            assertEquals(ResultCode.CONFIRMED, engine.placeOrder("zz-last", 7, new OrderLine(1, 1)).get(10,
                TimeUnit.SECONDS));
        }
        final DataDirectoryLayout layout = new DataDirectoryLayout(dir.resolve("data"));
        int island = -1;
        for (int i = 0; i < ISLANDS && island < 0; i++)
        {
            island = logged(i).stream().anyMatch(e -> "zz-last".equals(e.login())) ? i : -1;
        }
        assertTrue(island >= 0, "the last order's island logged it");
        final Path file;
        try (Stream<Path> files = Files.list(layout.events(island)))
        {
            file = files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        final byte[] bytes = Files.readAllBytes(file);
        final byte[] login = "zz-last".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int at = -1;
        for (int i = 0; i + login.length <= bytes.length; i++)
        {
            if (java.util.Arrays.equals(bytes, i, i + login.length, login, 0, login.length))
            {
                at = i;
            }
        }
        assertTrue(at > 0, "the login is in the log");
        bytes[at] ^= 0x01;
        Files.write(file, bytes);

        final int damaged = island;
        try (EventConsumer consumer = EventConsumer.open(EventConsumer.Config.builder().dataDirectory(
            dir.resolve("data")).group("g").rebalanceInterval(Duration.ofMillis(1)).build()))
        {
            final CorruptEventException corrupt = assertThrows(CorruptEventException.class, () ->
            {
                for (int round = 0; round < 1_000; round++)
                {
                    consumer.poll(event -> { }, 1_000);
                }
            });
            assertTrue(corrupt.getMessage().startsWith("island " + damaged + ": event log " +
                layout.events(damaged)) && corrupt.getMessage().contains("fails its checksum"), corrupt.getMessage());
        }
        final IslandRefusedException refused = assertThrows(IslandRefusedException.class,
            () -> Archipelago.open(config()).close());
        assertTrue(refused.getMessage().startsWith("island " + damaged + ": event log " + layout.events(damaged) +
            " cannot be read"), refused.getMessage());
    }

    private ArchipelagoConfig config()
    {
        return ArchipelagoConfig.builder().partitions(ISLANDS).islandThreads(2).dataDirectory(dir.resolve("data"))
            .snapshotEveryRecords(0).snapshotEvery(Duration.ZERO).build();
    }

    private static List<ResultCode> workload(final Archipelago engine, final int first) throws Exception
    {
        final List<ResultCode> results = new ArrayList<>();
        if (first == 0)
        {
            engine.createProduct(1, 40).get(10, TimeUnit.SECONDS);
            engine.createProduct(2, 4).get(10, TimeUnit.SECONDS);
        }
        for (int i = first; i < first + 30; i++)
        {
            final OrderLine[] lines = i % 5 == 0 ? new OrderLine[] {new OrderLine(1, 1 + i % 2), new OrderLine(2, 1)} :
                new OrderLine[] {new OrderLine(1, 1 + i % 2)};
            results.add(engine.placeOrder("user-" + i, i, lines).get(10, TimeUnit.SECONDS));
        }
        results.add(engine.placeOrder("user-x", first + 99, new OrderLine(1, 1_000)).get(10, TimeUnit.SECONDS));
        assertEquals(ResultCode.CANCELLED, engine.cancelOrder("user-" + first, first).get(10, TimeUnit.SECONDS));
        if (first == 0)
        {
            engine.restock(1, 8).get(10, TimeUnit.SECONDS);
        }
        return results;
    }

    private List<Event> logged(final int island)
    {
        try (EventLog log = EventLog.openReadOnly(island, new DataDirectoryLayout(dir.resolve("data"))
            .events(island)))
        {
            return JournalEvents.read(log);
        }
    }

    private List<Event> replayed(final int island)
    {
        return JournalEvents.of(new DataDirectoryLayout(dir.resolve("data")), island, ISLANDS,
            TransferPolicy.DEFAULT.strategy());
    }

    private static long count(final List<Event> events, final EventType type)
    {
        return events.stream().filter(e -> e.type() == type).count();
    }

    private static long unitsOf(final List<Event> events, final EventType type)
    {
        return events.stream().filter(e -> e.type() == type).mapToLong(Event::units).sum();
    }

    /**
     * Copies a directory tree (nothing when {@code from} does not exist).
     */
    static void copyTree(final Path from, final Path to) throws IOException
    {
        if (!Files.exists(from))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(from))
        {
            for (final Path path : paths.toList())
            {
                final Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
    }
}
