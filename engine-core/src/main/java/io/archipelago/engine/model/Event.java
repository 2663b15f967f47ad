package io.archipelago.engine.model;

import java.util.List;

/**
 * One decision an island made, as read from its event log by an {@link io.archipelago.engine.EventConsumer}.
 * Fields a type does not use are 0, -1 (peer), {@code null} (login, reason) or empty (lines).
 *
 * @param id        the event's stable id.
 * @param timestamp the journaled time of the input that caused it (epoch milliseconds).
 * @param type      what was decided.
 * @param login     order events: the user.
 * @param orderId   order and hold events: the user's order id; a timer's firing: its key.
 * @param reason    rejected and expired orders: why ({@link ResultCode#OUT_OF_STOCK},
 *                  {@link ResultCode#UNKNOWN_PRODUCT} or {@link ResultCode#DEADLINE_PASSED}).
 * @param productId stock events: the product.
 * @param units     stock events: the units; a cancelled order: 1 when it had been confirmed, else 0; a hold held:
 *                  when it expires (epoch ms); a hold released: 1 when it was held, else 0.
 * @param peer      units sent or received: the other island; else -1.
 * @param lines     order and hold events: the order's lines.
 * @param payload   {@link EventType#SCHEDULE_FIRED}: the bytes the timer was scheduled with (the event's own copy);
 *                  otherwise empty. Events are equal when every field is, the payload's bytes included.
 */
public record Event(EventId id, long timestamp, EventType type, String login, long orderId, ResultCode reason,
    long productId, long units, int peer, List<OrderLine> lines, byte[] payload)
{
    /** The payload of events that carry none. */
    public static final byte[] NO_PAYLOAD = new byte[0];

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof Event other && id.equals(other.id) && timestamp == other.timestamp &&
            type == other.type && java.util.Objects.equals(login, other.login) && orderId == other.orderId &&
            reason == other.reason && productId == other.productId && units == other.units && peer == other.peer &&
            lines.equals(other.lines) && java.util.Arrays.equals(payload, other.payload);
    }

    @Override
    public int hashCode()
    {
        return java.util.Objects.hash(id, timestamp, type, login, orderId, reason, productId, units, peer, lines,
            java.util.Arrays.hashCode(payload));
    }

    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder().append(id).append(' ').append(timestamp).append(' ')
            .append(type);
        if (type.isOrderEvent())
        {
            text.append(" login=").append(login).append(" order=").append(orderId);
            if (null != reason)
            {
                text.append(" reason=").append(reason);
            }
            if (type == EventType.ORDER_CANCELLED)
            {
                text.append(" wasConfirmed=").append(units == 1);
            }
            if (type == EventType.HOLD_HELD)
            {
                text.append(" expiresAt=").append(units);
            }
            if (type == EventType.SCHEDULE_FIRED)
            {
                return text.append(" payload=").append(payload.length).append(" bytes").toString();
            }
            text.append(" lines=");
            for (int i = 0; i < lines.size(); i++)
            {
                text.append(i == 0 ? "" : ",").append(lines.get(i).productId()).append('x')
                    .append(lines.get(i).quantity());
            }
        }
        else
        {
            text.append(" product=").append(productId).append(" units=").append(units);
            if (peer >= 0)
            {
                text.append(type == EventType.UNITS_SENT ? " to=" : " from=").append(peer);
            }
        }
        return text.toString();
    }
}
