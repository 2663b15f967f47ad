package io.archipelago.engine.logic;

import java.nio.charset.StandardCharsets;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * One user's orders at an island: the orders still waiting, as {@link Order} objects, and the decided ones, as
 * addresses of records in the island's {@link OrderArchive} ({@link ArchivedOrders}). An order id is in at most one of
 * the two; waiting orders are keyed by {@link MapKey#of(long)} of the order id. The login is the one string the island keeps for the
 * user, shared by the user's waiting orders; its UTF-8 bytes are the user's key in the island's {@link UserTable}
 * and go into events as they are.
 */
final class UserOrders
{
    final String login;
    final byte[] loginBytes;
    /** The first 16 bytes of {@link #loginBytes} ({@link UserTable#word}), compared before the array is read. */
    final long head0;
    final long head1;
    /** {@link UserTable#hash} of {@link #loginBytes}. */
    final int hash;
    final ArchivedOrders archived = new ArchivedOrders();
    /** Waiting orders; {@code null} until the user has one. */
    Long2ObjectHashMap<Order> waiting;
    /**
     * The highest order id the user ever placed here: an id above it is new without a probe into the maps (users'
     * ids mostly grow). Derived from the orders, so never written to a snapshot.
     */
    private long highestOrderId = Long.MIN_VALUE;

    UserOrders(final String login)
    {
        this(login, login.getBytes(StandardCharsets.UTF_8));
    }

    UserOrders(final String login, final byte[] loginBytes)
    {
        this.login = login;
        this.loginBytes = loginBytes;
        this.head0 = UserTable.word(loginBytes, loginBytes.length, 0);
        this.head1 = UserTable.word(loginBytes, loginBytes.length, Long.BYTES);
        this.hash = UserTable.hash(head0, head1, loginBytes, loginBytes.length);
    }

    /**
     * @param orderId an order id.
     * @param key     its {@link MapKey}.
     * @return true when the user has an order, waiting or decided, with that id.
     */
    boolean holds(final long orderId, final long key)
    {
        return orderId <= highestOrderId &&
            (archived.contains(orderId) || (null != waiting && waiting.containsKey(key)));
    }

    /**
     * Notes an order id the user placed (or a snapshot holds), before it goes into either map.
     */
    void placed(final long orderId)
    {
        if (orderId > highestOrderId)
        {
            highestOrderId = orderId;
        }
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
