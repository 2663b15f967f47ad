package io.archipelago.engine.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.archipelago.engine.model.EventId;

/**
 * What one consumer group's members wrote to their delivery files ({@link GroupCrashConsumerMain}), and the checks
 * on it:
 * <ul>
 *   <li>the ids delivered are exactly the ids in the islands' event logs: none missing, none unknown;</li>
 *   <li>one incarnation delivers the events of an island in strictly increasing order;</li>
 *   <li>an id delivered more than once was delivered by members that were killed, each with its last commit on the
 *       island below the id, and by at most one other member: the group delivers again only what a killed member
 *       had delivered and not committed;</li>
 *   <li>an incarnation that was not killed closed cleanly.</li>
 * </ul>
 * The last line of a killed incarnation's file may be cut short by the kill; it is left out.
 */
final class GroupCrashDeliveries
{
    private static final String FILE_PREFIX = "incarnation-";
    private static final String FILE_SUFFIX = ".deliveries";
    private static final int SHOWN = 20;

    private final String group;
    private final List<Incarnation> incarnations = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<EventId, List<Incarnation>> deliveries = new HashMap<>();
    private long delivered;

    private GroupCrashDeliveries(final String group)
    {
        this.group = group;
    }

    /**
     * @param directory   the group's directory of delivery files.
     * @param incarnation an incarnation.
     * @param member      its member id.
     * @return its delivery file.
     */
    static Path file(final Path directory, final int incarnation, final String member)
    {
        return directory.resolve(String.format("%s%03d-%s%s", FILE_PREFIX, incarnation, member, FILE_SUFFIX));
    }

    /**
     * Reads every delivery file of a group and checks them against the events the islands' logs hold.
     *
     * @param group     the group.
     * @param directory its directory of delivery files.
     * @param killed    the incarnations that were killed with {@code SIGKILL}.
     * @param expected  every event id in every island's event log.
     * @return the group's deliveries with the problems found.
     */
    static GroupCrashDeliveries check(final String group, final Path directory, final Set<Integer> killed,
        final Set<EventId> expected)
    {
        final GroupCrashDeliveries result = new GroupCrashDeliveries(group);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, FILE_PREFIX + "*" + FILE_SUFFIX))
        {
            final TreeMap<String, Path> sorted = new TreeMap<>();
            files.forEach(file -> sorted.put(file.getFileName().toString(), file));
            for (final Path file : sorted.values())
            {
                result.read(file, killed);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + directory, ex);
        }
        result.checkSet(expected);
        result.checkDuplicates();
        return result;
    }

    private void read(final Path file, final Set<Integer> killed) throws IOException
    {
        final String name = file.getFileName().toString();
        final String[] parts = name.substring(FILE_PREFIX.length(), name.length() - FILE_SUFFIX.length())
            .split("-", 2);
        final Incarnation incarnation = new Incarnation(parts[1], Integer.parseInt(parts[0]), file,
            killed.contains(Integer.parseInt(parts[0])));
        incarnations.add(incarnation);
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        final List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        final String last = lines.remove(lines.size() - 1);
        if (!last.isEmpty() && !incarnation.killed)
        {
            problems.add(file + ": the last line is incomplete although the member was not killed: '" + last + "'");
        }
        final String who = incarnation.member + " " + incarnation.number;
        for (final String line : lines)
        {
            final String[] words = line.split(" ");
            if (words.length < 3 || !(words[1] + " " + words[2]).equals(who))
            {
                problems.add(file + ": a line not of " + who + ": '" + line + "'");
                continue;
            }
            switch (words[0])
            {
                case "delivered" -> incarnation.deliver(EventId.parse(words[3]));
                case "committed" -> incarnation.committed.put(Integer.parseInt(words[3]), EventId.parse(words[4]));
                case "closed" -> incarnation.closed = true;
                case "islands" ->
                {
                }
                default -> problems.add(file + ": an unknown line '" + line + "'");
            }
        }
        if (!incarnation.killed && !incarnation.closed)
        {
            problems.add(file + ": member " + who + " was not killed and did not close");
        }
    }

    private void checkSet(final Set<EventId> expected)
    {
        final TreeSet<String> missing = new TreeSet<>();
        for (final EventId id : expected)
        {
            if (!deliveries.containsKey(id))
            {
                missing.add(id.toString());
            }
        }
        final TreeSet<String> unknown = new TreeSet<>();
        for (final EventId id : deliveries.keySet())
        {
            if (!expected.contains(id))
            {
                unknown.add(id.toString());
            }
        }
        if (!missing.isEmpty())
        {
            problems.add(missing.size() + " events of the logs were never delivered, e.g. " + first(missing));
        }
        if (!unknown.isEmpty())
        {
            problems.add(unknown.size() + " delivered ids are in no event log, e.g. " + first(unknown));
        }
    }

    private void checkDuplicates()
    {
        for (final Map.Entry<EventId, List<Incarnation>> entry : deliveries.entrySet())
        {
            if (entry.getValue().size() < 2)
            {
                continue;
            }
            final EventId id = entry.getKey();
            int unexcused = 0;
            final StringBuilder by = new StringBuilder();
            for (final Incarnation incarnation : entry.getValue())
            {
                final EventId committed = incarnation.committed.get(id.island());
                final boolean excused = incarnation.killed && id.isAfter(committed);
                unexcused += excused ? 0 : 1;
                by.append(by.length() == 0 ? "" : "; ").append(incarnation.member).append(" incarnation ")
                    .append(incarnation.number).append(incarnation.killed ? " (killed" : " (not killed")
                    .append(", last commit on island ").append(id.island()).append(": ").append(committed)
                    .append(", ").append(incarnation.file.getFileName()).append(')');
            }
            if (unexcused > 1)
            {
                problems.add("event " + id + " delivered " + entry.getValue().size() + " times, " + unexcused +
                    " of them not by a killed member above its last commit (only those may repeat): " + by);
            }
        }
    }

    private static String first(final TreeSet<String> ids)
    {
        return ids.size() <= SHOWN ? ids.toString() : new ArrayList<>(ids).subList(0, SHOWN) + " ...";
    }

    /**
     * @return the group.
     */
    String group()
    {
        return group;
    }

    /**
     * @return the problems found, empty when the group's deliveries passed every check.
     */
    List<String> problems()
    {
        return problems;
    }

    /**
     * @return distinct events delivered.
     */
    int events()
    {
        return deliveries.size();
    }

    /**
     * @return deliveries in all, duplicates included.
     */
    long deliveries()
    {
        return delivered;
    }

    /**
     * @return deliveries beyond the first of each event.
     */
    long duplicates()
    {
        return delivered - deliveries.size();
    }

    /**
     * @return incarnations (member processes) whose files were read.
     */
    int incarnations()
    {
        return incarnations.size();
    }

    /**
     * One run of a member: what it delivered per island, in order, and its last commit per island.
     */
    private final class Incarnation
    {
        private final String member;
        private final int number;
        private final Path file;
        private final boolean killed;
        private final Map<Integer, EventId> lastDelivered = new HashMap<>();
        private final Map<Integer, EventId> committed = new HashMap<>();
        private boolean closed;

        Incarnation(final String member, final int number, final Path file, final boolean killed)
        {
            this.member = member;
            this.number = number;
            this.file = file;
            this.killed = killed;
        }

        void deliver(final EventId id)
        {
            final EventId previous = lastDelivered.put(id.island(), id);
            if (!id.isAfter(previous))
            {
                problems.add(file + ": " + member + " incarnation " + number + " delivered " + id + " after " +
                    previous + " on island " + id.island());
            }
            deliveries.computeIfAbsent(id, key -> new ArrayList<>(2)).add(this);
            delivered++;
        }
    }
}
