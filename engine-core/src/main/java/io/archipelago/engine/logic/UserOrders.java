package io.archipelago.engine.logic;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
    /** Every byte of the login is ASCII: its bytes sort as its characters do. */
    private final boolean ascii;
    /** The first 16 bytes in big-endian order, for sorting. */
    private final long sortHead0;
    private final long sortHead1;
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
        boolean allAscii = true;
        for (final byte b : loginBytes)
        {
            allAscii &= b >= 0;
        }
        this.ascii = allAscii;
        this.sortHead0 = Long.reverseBytes(head0);
        this.sortHead1 = Long.reverseBytes(head1);
    }

    /**
     * Orders users exactly as {@link String#compareTo} orders their logins (the digest's and snapshots' order): for
     * two ASCII logins by their bytes, first the 16 kept in fields (no read of the string or the array, which would
     * miss the cache for every comparison), then the rest and the lengths.
     *
     * @param a a user.
     * @param b another.
     * @return as {@code a.login.compareTo(b.login)}, in sign.
     */
    static int compareLogins(final UserOrders a, final UserOrders b)
    {
        if (!a.ascii || !b.ascii)
        {
            return a.login.compareTo(b.login);
        }
        int c = Long.compareUnsigned(a.sortHead0, b.sortHead0);
        if (c != 0)
        {
            return c;
        }
        c = Long.compareUnsigned(a.sortHead1, b.sortHead1);
        if (c != 0)
        {
            return c;
        }
        final int la = a.loginBytes.length;
        final int lb = b.loginBytes.length;
        c = Arrays.compareUnsigned(a.loginBytes, Math.min(UserTable.HEAD_BYTES, la), la, b.loginBytes,
            Math.min(UserTable.HEAD_BYTES, lb), lb);
        return c != 0 ? c : Integer.compare(la, lb);
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
