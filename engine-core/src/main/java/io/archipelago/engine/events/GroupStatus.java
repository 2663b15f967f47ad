package io.archipelago.engine.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

import io.archipelago.engine.model.Event;
import io.archipelago.engine.model.EventId;
import io.archipelago.engine.recovery.DataDirectoryLayout;

/**
 * What one consumer group looks like now, read from its files and the islands' event logs: its members (live or
 * left behind by a process that died), and per island its committed offset and how far it lags. Reads only; a member
 * is found live by trying its lock for an instant.
 *
 * @param group   the group.
 * @param members member id to whether it is live, sorted by id.
 * @param islands per island, in order.
 */
public record GroupStatus(String group, TreeMap<String, Boolean> members, List<IslandLag> islands)
{
    /**
     * One island as a group sees it.
     *
     * @param island    the island.
     * @param member    the live member that reads it by the group's rule (sorted live members, island mod count),
     *                  or {@code null} when none is live.
     * @param committed the group's last committed event, or {@code null}.
     * @param events    events in the island's log after it.
     * @param lagMillis journaled time from the committed event (or the log's first) to the log's last event; 0 when
     *                  nothing is left.
     * @param last      the log's last event, or {@code null}.
     */
    public record IslandLag(int island, String member, EventId committed, long events, long lagMillis, EventId last)
    {
    }

    /**
     * @param layout  the data directory.
     * @param islands how many islands it has.
     * @return every group under {@link DataDirectoryLayout#groups()}, sorted by name.
     */
    public static List<GroupStatus> all(final DataDirectoryLayout layout, final int islands)
    {
        final TreeSet<String> names = new TreeSet<>();
        if (Files.isDirectory(layout.groups()))
        {
            try (DirectoryStream<Path> groups = Files.newDirectoryStream(layout.groups(), Files::isDirectory))
            {
                groups.forEach(group -> names.add(group.getFileName().toString()));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot list " + layout.groups(), ex);
            }
        }
        final List<GroupStatus> statuses = new ArrayList<>();
        for (final String name : names)
        {
            statuses.add(of(layout, name, islands));
        }
        return statuses;
    }

    /**
     * @param layout  the data directory.
     * @param group   a group.
     * @param islands how many islands the directory has.
     * @return the group now.
     */
    public static GroupStatus of(final DataDirectoryLayout layout, final String group, final int islands)
    {
        final GroupFiles files = new GroupFiles(layout, group);
        final TreeMap<String, Boolean> members = new TreeMap<>();
        if (Files.isDirectory(files.members()))
        {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(files.members(), "*.lock"))
            {
                for (final Path file : stream)
                {
                    final String name = file.getFileName().toString();
                    final GroupFiles.HeldLock probe = GroupFiles.HeldLock.tryLock(file);
                    if (null != probe)
                    {
                        probe.close();
                    }
                    members.put(name.substring(0, name.length() - GroupFiles.MEMBER_SUFFIX.length()), null == probe);
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot list the members of group " + group, ex);
            }
        }
        final List<String> live = members.entrySet().stream().filter(e -> e.getValue()).map(e -> e.getKey())
            .toList();
        final List<IslandLag> lags = new ArrayList<>();
        for (int island = 0; island < islands; island++)
        {
            final GroupOffset offset = GroupOffset.read(files.offset(island), island);
            lags.add(lag(layout, island, null == offset ? null : offset,
                live.isEmpty() ? null : live.get(island % live.size())));
        }
        return new GroupStatus(group, members, List.copyOf(lags));
    }

    private static IslandLag lag(final DataDirectoryLayout layout, final int island, final GroupOffset offset,
        final String member)
    {
        final EventId committed = null == offset ? null : offset.last();
        if (!Files.isDirectory(layout.events(island)))
        {
            return new IslandLag(island, member, committed, 0, 0, null);
        }
        long events = 0;
        long firstLeft = -1;
        Event last = null;
        long committedAt = -1;
        try (EventLog log = EventLog.openReadOnly(island, layout.events(island));
            EventLog.Reader reader = log.reader())
        {
            if (null != offset)
            {
                reader.moveTo(offset.document());
            }
            List<Event> batch;
            while (null != (batch = reader.next()))
            {
                for (final Event event : batch)
                {
                    if (null != committed && event.id().equals(committed))
                    {
                        committedAt = event.timestamp();
                    }
                    if (event.id().isAfter(committed))
                    {
                        events++;
                        firstLeft = firstLeft < 0 ? event.timestamp() : firstLeft;
                    }
                    last = event;
                }
            }
        }
        final long from = committedAt >= 0 ? committedAt : firstLeft;
        final long lagMillis = events == 0 || null == last ? 0 : Math.max(0, last.timestamp() - from);
        return new IslandLag(island, member, committed, events, lagMillis, null == last ? null : last.id());
    }
}
