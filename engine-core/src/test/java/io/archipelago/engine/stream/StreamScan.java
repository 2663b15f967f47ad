package io.archipelago.engine.stream;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.archipelago.engine.events.EventLog;
import io.archipelago.engine.events.JournalEvents;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalReader;
import io.archipelago.engine.model.Event;
import io.archipelago.engine.model.HistoryEntry;
import io.archipelago.engine.recovery.DataDirectoryLayout;

/**
 * What a user's stream is, by definition: every record of the user's island whose input is the user's, and every event
 * naming the user, merged by island sequence (the input first), read from the whole journal and the whole event log.
 * The tests hold the index's answers against it.
 */
public final class StreamScan
{
    private StreamScan()
    {
    }

    /**
     * @param data    a data directory the engine closed.
     * @param islands its islands.
     * @return every user's stream, by login.
     */
    public static Map<String, List<HistoryEntry>> everyUser(final Path data, final int islands)
    {
        final DataDirectoryLayout layout = new DataDirectoryLayout(data);
        final Map<String, List<HistoryEntry>> streams = new TreeMap<>();
        for (int island = 0; island < islands; island++)
        {
            final Map<Long, List<Event>> eventsBySequence = new HashMap<>();
            try (EventLog log = EventLog.openReadOnly(island, layout.events(island)))
            {
                for (final Event event : JournalEvents.read(log))
                {
                    eventsBySequence.computeIfAbsent(event.id().sequence(), s -> new ArrayList<>()).add(event);
                }
            }
            try (Journal journal = Journal.openReadOnly(island, layout.journal(island));
                JournalReader reader = journal.reader())
            {
                while (reader.next())
                {
                    final long sequence = reader.header().sequence();
                    final long timestamp = reader.header().timestamp();
                    if (UserIndex.isUserInput(reader.command().type()))
                    {
                        streams.computeIfAbsent(reader.command().login(), l -> new ArrayList<>()).add(
                            new HistoryEntry(island, sequence, timestamp, UserStream.input(reader.command(), timestamp),
                                null));
                    }
                    for (final Event event : eventsBySequence.getOrDefault(sequence, List.of()))
                    {
                        if (null != event.login())
                        {
                            streams.computeIfAbsent(event.login(), l -> new ArrayList<>()).add(
                                new HistoryEntry(island, sequence, timestamp, null, event));
                        }
                    }
                }
            }
        }
        return streams;
    }
}
