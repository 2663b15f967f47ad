package io.archipelago.engine.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One input a user submitted, as its island journaled it.
 *
 * @param type          what the user asked.
 * @param id            the order or hold id, or the timer's key.
 * @param lines         orders and holds: their lines; otherwise empty.
 * @param timeoutMillis orders and holds: how long they may wait for units, ms (0: the engine's default).
 * @param holdForMillis holds: how long the units are held once covered, ms; otherwise 0.
 * @param dueAt         {@link InputType#SCHEDULE}: when the timer is due (epoch ms); otherwise 0.
 * @param payload       {@link InputType#SCHEDULE}: the bytes the timer fires with (the entry's own copy); otherwise
 *                      empty.
 */
public record UserInput(InputType type, long id, List<OrderLine> lines, int timeoutMillis, long holdForMillis,
    long dueAt, byte[] payload)
{
    @Override
    public boolean equals(final Object o)
    {
        return o instanceof UserInput other && type == other.type && id == other.id && lines.equals(other.lines) &&
            timeoutMillis == other.timeoutMillis && holdForMillis == other.holdForMillis && dueAt == other.dueAt &&
            Arrays.equals(payload, other.payload);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(type, id, lines, timeoutMillis, holdForMillis, dueAt, Arrays.hashCode(payload));
    }

    @Override
    public String toString()
    {
        return type + " " + id + (lines.isEmpty() ? "" : " lines=" + lines) +
            (dueAt == 0 ? "" : " dueAt=" + dueAt) + (payload.length == 0 ? "" : " payload=" + payload.length + " bytes");
    }
}
