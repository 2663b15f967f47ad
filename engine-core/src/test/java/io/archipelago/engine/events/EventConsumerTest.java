package io.archipelago.engine.events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.EventConsumer;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.Event;
import io.archipelago.engine.model.EventId;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Consumer groups in one process: each event goes to one member of each group, islands are shared among a group's
 * members and move when one leaves, offsets resume where the group left off.
 */
class EventConsumerTest
{
    private static final int ISLANDS = 4;

    @TempDir
    Path dir;
    private Path data;
    private final List<EventId> all = new ArrayList<>();

    @BeforeEach
    void writeEvents() throws Exception
    {
        data = dir.resolve("data");
        try (Archipelago engine = Archipelago.open(ArchipelagoConfig.builder().partitions(ISLANDS).islandThreads(2)
            .dataDirectory(data).build()))
        {
            engine.createProduct(1, 100).get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 60; i++)
            {
                engine.placeOrder("user-" + i, i, new OrderLine(1, 1 + i % 3)).get(10, TimeUnit.SECONDS);
            }
        }
        for (int island = 0; island < ISLANDS; island++)
        {
            try (EventLog log = EventLog.openReadOnly(island, new DataDirectoryLayout(data).events(island)))
            {
                JournalEvents.read(log).forEach(event -> all.add(event.id()));
            }
        }
        assertTrue(all.size() > 60, "the engine decided events: " + all.size());
    }

    @Test
    void shouldDeliverEveryEventToOneMemberOfEachGroup()
    {
        try (EventConsumer a = open("billing", "a"); EventConsumer b = open("billing", "b");
            EventConsumer reports = open("reports", "only"))
        {
            final Map<EventId, String> billing = new HashMap<>();
            final Set<EventId> reported = new HashSet<>();
            for (int round = 0; round < 200 && (billing.size() < all.size() || reported.size() < all.size()); round++)
            {
                a.poll(event -> assertNull(billing.put(event.id(), "a"), "delivered twice: " + event), 7);
                b.poll(event -> assertNull(billing.put(event.id(), "b"), "delivered twice: " + event), 7);
                reports.poll(event -> assertTrue(reported.add(event.id()), "delivered twice: " + event), 7);
                pause();
            }
            assertEquals(Set.copyOf(all), billing.keySet(), "the billing group saw every event once");
            assertEquals(Set.copyOf(all), reported, "the reports group saw every event too");
            assertEquals(List.of("a", "b"), a.liveMembers());
            assertArrayEquals(new int[] {0, 2}, a.islands(), "a reads every other island");
            assertArrayEquals(new int[] {1, 3}, b.islands());
            assertTrue(billing.containsValue("a") && billing.containsValue("b"), "both members had work");
            assertArrayEquals(new int[] {0, 1, 2, 3}, reports.islands());
        }
    }

    @Test
    void shouldMoveTheIslandsOfAMemberThatLeavesAndResumeAfterTheCommittedOffset()
    {
        final Set<EventId> seen = new HashSet<>();
        final EventConsumer a = open("billing", "a");
        try (EventConsumer b = open("billing", "b"))
        {
            for (int round = 0; round < 5; round++)
            {
                a.poll(event -> assertTrue(seen.add(event.id())), 5);
                b.poll(event -> assertTrue(seen.add(event.id())), 5);
                pause();
            }
            a.commit();
            a.close();
            for (int round = 0; round < 200 && seen.size() < all.size(); round++)
            {
                b.poll(event -> assertTrue(seen.add(event.id()), "delivered again: " + event), 5);
                pause();
            }
            assertArrayEquals(new int[] {0, 1, 2, 3}, b.islands(), "b took a's islands");
            assertEquals(List.of("b"), b.liveMembers());
            assertEquals(Set.copyOf(all), seen, "every event once, across the hand-over");
            b.commit();
        }
        try (EventConsumer again = open("billing", "c"))
        {
            final List<Event> more = new ArrayList<>();
            for (int round = 0; round < 5; round++)
            {
                again.poll(more::add, 100);
                pause();
            }
            assertTrue(more.isEmpty(), "a restarted group resumes after its committed offsets: " + more);
            assertEquals(all.stream().filter(id -> id.island() == 0).max(EventId::compareTo).orElseThrow(),
                again.committed(0));
        }
    }

    @Test
    void shouldDeliverAgainWhatWasNotCommittedAndSkipWhatTheApplicationStored()
    {
        final List<Event> first = new ArrayList<>();
        try (EventConsumer a = EventConsumer.open(EventConsumer.Config.builder().dataDirectory(data).group("g")
            .member("a").commitOnRelease(false).rebalanceInterval(Duration.ofMillis(1)).build()))
        {
            a.poll(first::add, 10);
        }
        assertEquals(10, first.size());
        try (EventConsumer b = open("g", "b"))
        {
            b.skipThrough(first.get(4).id());
            final List<Event> again = new ArrayList<>();
            b.poll(again::add, 10);
            assertEquals(first.get(5).id(), again.get(0).id(), "not committed: delivered again, after what the " +
                "application said it stored");
        }
    }

    @Test
    void shouldRefuseBadNamesAClashingMemberAndAForeignDirectory() throws Exception
    {
        final IllegalArgumentException badGroup = assertThrows(IllegalArgumentException.class,
            () -> open("../evil", "a"));
        assertTrue(badGroup.getMessage().startsWith("group name '../evil' is not"), badGroup.getMessage());
        assertThrows(IllegalArgumentException.class, () -> open("g", "a b"));
        try (EventConsumer a = open("g", "a"))
        {
            final IllegalStateException clash = assertThrows(IllegalStateException.class, () -> open("g", "a"));
            assertTrue(clash.getMessage().contains("member a of consumer group g is live already"),
                clash.getMessage());
            assertEquals(List.of(), a.liveMembers(), "nothing looked at yet");
        }
        final Path foreign = Files.createDirectories(dir.resolve("foreign"));
        final RuntimeException notOurs = assertThrows(RuntimeException.class, () -> EventConsumer.open(
            EventConsumer.Config.builder().dataDirectory(foreign).group("g").build()));
        assertTrue(notOurs.getMessage().contains("is not an Archipelago data directory"), notOurs.getMessage());
        assertTrue(Files.list(foreign).findAny().isEmpty(), "nothing written to a foreign directory");
    }

    private EventConsumer open(final String group, final String member)
    {
        return EventConsumer.open(EventConsumer.Config.builder().dataDirectory(data).group(group).member(member)
            .rebalanceInterval(Duration.ofMillis(1)).build());
    }

    private static void pause()
    {
        try
        {
            Thread.sleep(2);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
