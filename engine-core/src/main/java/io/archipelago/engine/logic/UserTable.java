package io.archipelago.engine.logic;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordCodec;

/**
 * An island's users, keyed by the UTF-8 bytes of their logins: an input is matched to its user straight from the
 * command's bytes, so neither the live path nor replay makes or compares a login string per input. Open addressing
 * with linear probing over one array of users, at most a quarter full so a lookup rarely visits a second user. Each
 * user keeps its hash and the first 16 bytes of its login in fields, so a login of up to 16 bytes is matched without
 * reading the user's byte array (one cache miss less per input). Users are never removed. Nothing that leaves the
 * island follows the table's slot order: callers sort.
 */
final class UserTable
{
    private static final int INITIAL_CAPACITY = 64;
    /** Bytes of a login kept in a user's fields. */
    static final int HEAD_BYTES = 16;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
        ByteOrder.LITTLE_ENDIAN);

    private UserOrders[] users = new UserOrders[INITIAL_CAPACITY];
    private int size;
    private final byte[] scratch = new byte[Command.MAX_LOGIN_BYTES * 3];

    /**
     * Bytes {@code from} to {@code from + 7} of a login as a little-endian long, zero past its end.
     *
     * @param bytes  the login's UTF-8 bytes (the array may be longer).
     * @param length the login's length.
     * @param from   0 or 8.
     * @return the word.
     */
    static long word(final byte[] bytes, final int length, final int from)
    {
        final int n = length - from;
        if (n <= 0)
        {
            return 0;
        }
        if (bytes.length >= from + Long.BYTES)
        {
            final long word = (long)LONGS.get(bytes, from);
            return n >= Long.BYTES ? word : word & ((1L << (8 * n)) - 1);
        }
        long word = 0;
        for (int i = 0; i < Math.min(n, Long.BYTES); i++)
        {
            word |= (bytes[from + i] & 0xFFL) << (8 * i);
        }
        return word;
    }

    /**
     * The hash of a login: a property of its bytes alone.
     *
     * @param head0  {@link #word} 0.
     * @param head1  {@link #word} 8.
     * @param bytes  the login's UTF-8 bytes.
     * @param length how many.
     * @return the hash.
     */
    static int hash(final long head0, final long head1, final byte[] bytes, final int length)
    {
        long h = head0 * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(head1 * 0xC2B2AE3D27D4EB4FL, 31) ^ length;
        for (int i = HEAD_BYTES; i < length; i++)
        {
            h = (h ^ bytes[i]) * 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int)h;
    }

    /**
     * @param bytes  a login's UTF-8 bytes (the array may be longer).
     * @param length how many.
     * @return the user, or {@code null}.
     */
    UserOrders get(final byte[] bytes, final int length)
    {
        final long head0 = word(bytes, length, 0);
        final long head1 = word(bytes, length, Long.BYTES);
        final int hash = hash(head0, head1, bytes, length);
        final UserOrders[] users = this.users;
        final int mask = users.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            final UserOrders user = users[slot];
            if (null == user)
            {
                return null;
            }
            if (user.hash == hash && user.head0 == head0 && user.head1 == head1 && user.loginBytes.length == length &&
                (length <= HEAD_BYTES || Arrays.equals(user.loginBytes, HEAD_BYTES, length, bytes, HEAD_BYTES, length)))
            {
                return user;
            }
        }
    }

    /**
     * @param login a login.
     * @return the user, or {@code null} (also for a login no command could carry).
     */
    UserOrders get(final String login)
    {
        if (null == login || login.length() > Command.MAX_LOGIN_BYTES || null != Command.validateLogin(login))
        {
            return null;
        }
        return get(scratch, RecordCodec.putUtf8(scratch, 0, login));
    }

    /**
     * Adds a user whose login is not in the table.
     *
     * @param user the user.
     */
    void put(final UserOrders user)
    {
        if (4 * (size + 1) > users.length)
        {
            grow();
        }
        insert(users, user);
        size++;
    }

    private static void insert(final UserOrders[] users, final UserOrders user)
    {
        final int mask = users.length - 1;
        int slot = user.hash & mask;
        while (null != users[slot])
        {
            slot = (slot + 1) & mask;
        }
        users[slot] = user;
    }

    private void grow()
    {
        final UserOrders[] grown = new UserOrders[users.length * 2];
        for (final UserOrders user : users)
        {
            if (null != user)
            {
                insert(grown, user);
            }
        }
        users = grown;
    }

    /**
     * @return users in the table.
     */
    int size()
    {
        return size;
    }

    /**
     * @return every user, in no particular order (callers sort).
     */
    UserOrders[] values()
    {
        final UserOrders[] all = new UserOrders[size];
        int i = 0;
        for (final UserOrders user : users)
        {
            if (null != user)
            {
                all[i++] = user;
            }
        }
        return all;
    }
}
