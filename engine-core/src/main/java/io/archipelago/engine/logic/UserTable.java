package io.archipelago.engine.logic;

import java.util.Arrays;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordCodec;

/**
 * An island's users, keyed by the UTF-8 bytes of their logins: an input is matched to its user straight from the
 * command's bytes, so neither the live path nor replay makes or compares a login string per input. Open addressing
 * with linear probing; each slot keeps the user's hash beside it, so bytes are compared only on a hash match. Users
 * are never removed. Nothing that leaves the island follows the table's slot order: callers sort.
 * <pre>
 *   hashes: | h0 | h1 | ... |      users: | UserOrders | null | ... |     (same slot, capacity a power of two)
 * </pre>
 */
final class UserTable
{
    private static final int INITIAL_CAPACITY = 64;

    private int[] hashes = new int[INITIAL_CAPACITY];
    private UserOrders[] users = new UserOrders[INITIAL_CAPACITY];
    private int size;
    private final byte[] scratch = new byte[Command.MAX_LOGIN_BYTES * 3];

    /**
     * The hash of a login's bytes (FNV-1a, then mixed): a property of the bytes alone.
     *
     * @param bytes  the login's UTF-8 bytes.
     * @param length how many.
     * @return the hash.
     */
    static int hash(final byte[] bytes, final int length)
    {
        int h = 0x811C9DC5 ^ length;
        for (int i = 0; i < length; i++)
        {
            h = (h ^ bytes[i]) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        return h ^ (h >>> 13);
    }

    /**
     * @param bytes  a login's UTF-8 bytes.
     * @param length how many.
     * @return the user, or {@code null}.
     */
    UserOrders get(final byte[] bytes, final int length)
    {
        final int hash = hash(bytes, length);
        final int mask = users.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            final UserOrders user = users[slot];
            if (null == user)
            {
                return null;
            }
            if (hashes[slot] == hash && user.loginBytes.length == length &&
                Arrays.equals(user.loginBytes, 0, length, bytes, 0, length))
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
        if (2 * (size + 1) > users.length)
        {
            grow();
        }
        insert(user);
        size++;
    }

    private void insert(final UserOrders user)
    {
        final int mask = users.length - 1;
        int slot = user.hash & mask;
        while (null != users[slot])
        {
            slot = (slot + 1) & mask;
        }
        users[slot] = user;
        hashes[slot] = user.hash;
    }

    private void grow()
    {
        final UserOrders[] old = users;
        users = new UserOrders[old.length * 2];
        hashes = new int[old.length * 2];
        for (final UserOrders user : old)
        {
            if (null != user)
            {
                insert(user);
            }
        }
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
