package io.archipelago.engine.events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.archipelago.engine.model.EventId;
import io.archipelago.engine.recovery.ChecksummedTextFile;

/**
 * A consumer group's committed offset on one island: the last event the group has processed and the event-log
 * document holding it. Written whole (temporary file, forced, renamed), so a crash leaves the old offset or the
 * new one.
 *
 * @param last     the last event committed.
 * @param document the Chronicle index of the event-log document holding it.
 */
public record GroupOffset(EventId last, long document)
{
    /**
     * @param file   an offset file.
     * @param island the island it is for.
     * @return the offset, or {@code null} when the group has committed none on the island.
     * @throws IllegalStateException naming the file when it is damaged.
     */
    public static GroupOffset read(final Path file, final int island)
    {
        if (!Files.exists(file))
        {
            return null;
        }
        final Map<String, String> entries = ChecksummedTextFile.read(file, true);
        try
        {
            return new GroupOffset(new EventId(island, Long.parseLong(entries.get("sequence")),
                Integer.parseInt(entries.get("index"))), Long.parseLong(entries.get("document")));
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalStateException("consumer group offset " + file + " is damaged: " + entries, ex);
        }
    }

    /**
     * @param file where to write.
     */
    public void write(final Path file)
    {
        final Map<String, String> entries = new LinkedHashMap<>();
        entries.put("sequence", Long.toString(last.sequence()));
        entries.put("index", Integer.toString(last.index()));
        entries.put("document", Long.toString(document));
        ChecksummedTextFile.write(file, entries);
    }
}
