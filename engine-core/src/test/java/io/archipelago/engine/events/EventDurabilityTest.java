package io.archipelago.engine.events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.EventConsumer;
import io.archipelago.engine.codec.Command;
import io.archipelago.engine.core.IslandCore;
import io.archipelago.engine.journal.RecordSink;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.Event;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.TransferPolicy;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.messaging.LinkTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Event logs under the faults that reach them sideways: a rebuild cut short, a group whose committed position
 * belongs to a log since rebuilt, and a journal forced per batch.
 */
class EventDurabilityTest
{
    @TempDir
    Path dir;

    @Test
    void shouldNotAppendAnEventBeforeItsInputIsForcedWhenEachBatchIsSynced()
    {
        final long[] appended = {0};
        final long[] synced = {0};
        final RecordSink journal = new RecordSink()
        {
            @Override
            public long append(final byte[] bytes, final int length)
            {
                return ++appended[0];
            }

            @Override
            public void sync()
            {
                synced[0] = appended[0];
            }
        };
        final List<Long> forcedAtEvent = new ArrayList<>();
        final RecordSink events = new RecordSink()
        {
            @Override
            public long append(final byte[] bytes, final int length)
            {
                forcedAtEvent.add(appended[0] - synced[0]);
                return 0;
            }

            @Override
            public void sync()
            {
            }
        };
        final IslandCore core = new IslandCore(0, new InventoryLogic(0, 1), journal, LinkTransport.NONE, true, 64);
        core.attachEventLog(events);
        core.onClientCommand(new Command().createProduct(1, 10), 1_000, null, 0);
        core.endOfBatch();
        assertEquals(List.of(0L), forcedAtEvent, "an input with no client waiting (a link, a tick, a caller gone) " +
            "is forced before its events leave");
    }

    @Test
    void shouldRebuildALogWhoseRebuildWasCutShort() throws Exception
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(1).dataDirectory(dir.resolve("data"))
            .snapshotEveryRecords(5).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            engine.createProduct(1, 100).get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 20; i++)
            {
                engine.placeOrder("u" + i, i, new OrderLine(1, 1)).get(10, TimeUnit.SECONDS);
            }
        }
        final DataDirectoryLayout layout = new DataDirectoryLayout(dir.resolve("data"));
        DataDirectoryLayout.deleteTree(layout.events(0));
        EventLog.open(0, layout.events(0)).close();
        EventLog.open(0, layout.eventsRebuilding(0)).close();
        try (Archipelago engine = Archipelago.open(config))
        {
            engine.placeOrder("late", 99, new OrderLine(1, 1)).get(10, TimeUnit.SECONDS);
        }
        final List<Event> logged;
        try (EventLog log = EventLog.openReadOnly(0, layout.events(0)))
        {
            logged = JournalEvents.read(log);
        }
        assertEquals(JournalEvents.of(layout, 0, 1, TransferPolicy.DEFAULT.strategy()), logged,
            "an empty log left by a rebuild cut short is rebuilt whole, though the island recovers from a snapshot");
        assertFalse(Files.exists(layout.eventsRebuilding(0)), "the half-built copy is gone");
    }

    @Test
    void shouldResumeAGroupAfterItsCommittedIdInALogRebuiltWithOtherDocuments() throws Exception
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(1).dataDirectory(dir.resolve("data"))
            .snapshotEveryRecords(0).build();
        final int orders = 20_000;
        try (Archipelago engine = Archipelago.open(config))
        {
            engine.createProduct(1, 1_000_000).get(10, TimeUnit.SECONDS);
            for (int i = 0; i < orders; i += 1_000)
            {
                final List<CompletableFuture<?>> batch = new ArrayList<>();
                for (int j = i; j < i + 1_000; j++)
                {
                    batch.add(engine.placeOrder("u" + j, j, new OrderLine(1, 1)));
                }
                CompletableFuture.allOf(batch.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
            }
        }
        final EventConsumer.Config group = EventConsumer.Config.builder().dataDirectory(dir.resolve("data"))
            .group("g").member("a").build();
        try (EventConsumer consumer = EventConsumer.open(group))
        {
            assertEquals(3, consumer.poll(event -> { }, 3));
            consumer.commit();
        }
        DataDirectoryLayout.deleteTree(new DataDirectoryLayout(dir.resolve("data")).events(0));
        try (Archipelago engine = Archipelago.open(config))
        {
            engine.placeOrder("late", orders, new OrderLine(1, 1)).get(10, TimeUnit.SECONDS);
        }
        final List<Event> delivered = new ArrayList<>();
        try (EventConsumer consumer = EventConsumer.open(group))
        {
            for (int round = 0; round < 100 && consumer.poll(delivered::add, 100_000) > 0; round++)
            {
                assertTrue(round < 99, "the group drains");
            }
        }
        assertEquals(orders + 2 - 3, delivered.size(), "every event after the committed one, in the rebuilt log " +
            "(one document per megabyte there, one per batch before)");
        assertEquals(5, delivered.get(0).id().sequence(), "resumed right after the committed event (record 1 is " +
            "the policy, 2 to 4 the three events committed)");
    }
}
