package io.archipelago.engine.model;

/**
 * The stable identity of an {@link Event}: the island that decided it, the island sequence of the journaled input
 * that caused it, and its place among that input's events. Ids of one island grow in the order its events were
 * decided; regenerating an island's events from its journal gives the same ids.
 *
 * @param island   the island.
 * @param sequence the island sequence of the input that caused the event (the first input is 1).
 * @param index    the event's index among that input's events, from 0.
 */
public record EventId(int island, long sequence, int index) implements Comparable<EventId>
{
    /**
     * @param other an id of the same island.
     * @return the order of the two events on their island.
     */
    @Override
    public int compareTo(final EventId other)
    {
        final int bySequence = Long.compare(sequence, other.sequence);
        return bySequence != 0 ? bySequence : Integer.compare(index, other.index);
    }

    /**
     * @param other an id of the same island, or {@code null} (nothing).
     * @return true when this event comes after {@code other} on its island (always, against {@code null}).
     */
    public boolean isAfter(final EventId other)
    {
        return null == other || compareTo(other) > 0;
    }

    @Override
    public String toString()
    {
        return island + "/" + sequence + "/" + index;
    }

    /**
     * @param text {@code island/sequence/index}, as {@link #toString()} writes it.
     * @return the id.
     * @throws IllegalArgumentException when the text is not an id.
     */
    public static EventId parse(final String text)
    {
        final String[] parts = text.split("/", -1);
        if (parts.length != 3)
        {
            throw new IllegalArgumentException("an event id is island/sequence/index, not '" + text + "'");
        }
        try
        {
            final EventId id = new EventId(Integer.parseInt(parts[0]), Long.parseLong(parts[1]),
                Integer.parseInt(parts[2]));
            if (id.island < 0 || id.sequence < 0 || id.index < 0)
            {
                throw new IllegalArgumentException("an event id has no negative parts: '" + text + "'");
            }
            return id;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("an event id is island/sequence/index, not '" + text + "'", ex);
        }
    }
}
