package io.archipelago.tool.output;

import java.util.Base64;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.archipelago.engine.model.Event;
import io.archipelago.engine.model.EventType;
import io.archipelago.engine.model.OrderLine;

/**
 * An event's JSON fields, the same wherever the tool prints events: {@code id}, {@code island}, {@code sequence},
 * {@code index}, {@code timestamp}, {@code type}; order and hold events {@code login}, {@code order_id},
 * {@code reason}, {@code lines[]}, and for a hold held {@code expires_at} (epoch ms), for a hold released
 * {@code was_held}; a user's timer firing {@code login}, {@code key} and {@code payload} (base64); stock events
 * {@code product_id}, {@code units}, {@code peer}.
 */
public final class EventJson
{
    private EventJson()
    {
    }

    /**
     * @param node  where the fields go.
     * @param event the event.
     * @return {@code node}.
     */
    public static ObjectNode write(final ObjectNode node, final Event event)
    {
        node.put("id", event.id().toString());
        node.put("island", event.id().island());
        node.put("sequence", event.id().sequence());
        node.put("index", event.id().index());
        node.put("timestamp", event.timestamp());
        node.put("type", event.type().name());
        if (event.type() == EventType.SCHEDULE_FIRED)
        {
            node.put("login", event.login());
            node.put("key", event.orderId());
            node.put("payload", Base64.getEncoder().encodeToString(event.payload()));
        }
        else if (event.type().isOrderEvent())
        {
            node.put("login", event.login());
            node.put("order_id", event.orderId());
            if (null != event.reason())
            {
                node.put("reason", event.reason().name());
            }
            if (event.type() == EventType.HOLD_HELD)
            {
                node.put("expires_at", event.units());
            }
            else if (event.type() == EventType.HOLD_RELEASED)
            {
                node.put("was_held", event.units() == 1);
            }
            final ArrayNode lines = node.putArray("lines");
            for (final OrderLine line : event.lines())
            {
                lines.addObject().put("product_id", line.productId()).put("quantity", line.quantity());
            }
        }
        else
        {
            node.put("product_id", event.productId());
            node.put("units", event.units());
            if (event.peer() >= 0)
            {
                node.put("peer", event.peer());
            }
        }
        return node;
    }
}
