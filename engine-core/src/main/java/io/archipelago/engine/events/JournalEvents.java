package io.archipelago.engine.events;

import java.util.ArrayList;
import java.util.List;

import io.archipelago.engine.core.IslandCore;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.RecordSink;
import io.archipelago.engine.model.Event;
import io.archipelago.engine.model.TransferStrategy;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.engine.recovery.DirectoryHistory;
import io.archipelago.engine.recovery.IslandLoader;
import io.archipelago.engine.recovery.OfflineReplay;

/**
 * The events an island's journal decides, by replaying the whole journal (no snapshot) through the engine's own
 * loader: what the island's event log must hold. Reads only.
 */
public final class JournalEvents
{
    private JournalEvents()
    {
    }

    /**
     * @param layout   the data directory.
     * @param island   the island.
     * @param islands  how many islands there are.
     * @param strategy the transfer strategy the directory was written with.
     * @return every event the journal decides, in order.
     */
    public static List<Event> of(final DataDirectoryLayout layout, final int island, final int islands,
        final TransferStrategy strategy)
    {
        final IslandCore core = OfflineReplay.readOnlyCore(island, islands, strategy);
        core.regenerateEventsAfter(-1, -1);
        try (Journal journal = Journal.openReadOnly(island, layout.journal(island)))
        {
            IslandLoader.load(core, new DirectoryHistory(layout, island, journal),
                new IslandLoader.Options(false, false, strategy, null)).orThrow();
        }
        final Collector collector = new Collector(island);
        core.attachEventLog(collector);
        return collector.events;
    }

    /**
     * @param log an event log.
     * @return every event in it, in order.
     */
    public static List<Event> read(final EventLog log)
    {
        final List<Event> events = new ArrayList<>();
        try (EventLog.Reader reader = log.reader())
        {
            List<Event> batch;
            while (null != (batch = reader.next()))
            {
                events.addAll(batch);
            }
        }
        return events;
    }

    private static final class Collector implements RecordSink
    {
        private final int island;
        private final EventDecoder decoder = new EventDecoder();
        private final List<Event> events = new ArrayList<>();

        Collector(final int island)
        {
            this.island = island;
        }

        @Override
        public long append(final byte[] bytes, final int length)
        {
            events.addAll(decoder.decode(island, bytes, length, "island " + island + ": events replayed"));
            return events.size();
        }

        @Override
        public void sync()
        {
        }
    }
}
