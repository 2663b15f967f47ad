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
 * @param orderId   order events: the user's order id.
 * @param reason    rejected and expired orders: why ({@link ResultCode#OUT_OF_STOCK} or
 *                  {@link ResultCode#UNKNOWN_PRODUCT}).
 * @param productId stock events: the product.
 * @param units     stock events: the units; a cancelled order: 1 when it had been confirmed, else 0.
 * @param peer      units sent or received: the other island; else -1.
 * @param lines     order events: the order's lines.
 */
public record Event(EventId id, long timestamp, EventType type, String login, long orderId, ResultCode reason,
    long productId, long units, int peer, List<OrderLine> lines)
{
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
