package io.archipelago.engine.logic;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * One user's orders at an island: the orders still waiting, as {@link Order} objects, and the decided ones, as
 * addresses of records in the island's {@link OrderArchive}. An order id is in at most one of the two. Both maps are
 * keyed by {@link MapKey#of(long)} of the order id. The login is the one string the island keeps for the
 * user (the key of its user map), shared by the user's waiting orders.
 */
final class UserOrders
{
    final String login;
    final Long2LongHashMap archived = new Long2LongHashMap(OrderArchive.NO_RECORD);
    /** Waiting orders; {@code null} until the user has one. */
    Long2ObjectHashMap<Order> waiting;

    UserOrders(final String login)
    {
        this.login = login;
    }

    boolean holds(final long key)
    {
        return archived.containsKey(key) || (null != waiting && waiting.containsKey(key));
    }

    Order waitingOrder(final long key)
    {
        return null == waiting ? null : waiting.get(key);
    }

    Long2ObjectHashMap<Order> waiting()
    {
        if (null == waiting)
        {
            waiting = new Long2ObjectHashMap<>();
        }
        return waiting;
    }

    int size()
    {
        return archived.size() + (null == waiting ? 0 : waiting.size());
    }
}
