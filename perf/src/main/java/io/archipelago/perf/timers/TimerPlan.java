package io.archipelago.perf.timers;

import java.util.SplittableRandom;

/**
 * The timers a case schedules, fixed before anything is timed: timer {@code i} has key {@code i}, belongs to user
 * {@code i % users} (login {@code "user-<n>"}) and is due {@link #offset(int)} ms after the start, spread uniformly
 * over {@code (0, spread]} by a seeded generator. Every timer carries the same payload.
 */
final class TimerPlan
{
    private static final long SEED = 0x7133_2026L;

    private final String[] logins;
    private final long[] offsets;
    private final byte[] payload;
    private final long spreadMillis;

    private TimerPlan(final String[] logins, final long[] offsets, final byte[] payload, final long spreadMillis)
    {
        this.logins = logins;
        this.offsets = offsets;
        this.payload = payload;
        this.spreadMillis = spreadMillis;
    }

    /**
     * @param timers       timers.
     * @param users        users they are spread over, round robin.
     * @param spreadMillis due times fall in {@code (0, spreadMillis]} after the start.
     * @param payloadBytes payload length.
     * @return the plan.
     */
    static TimerPlan generate(final int timers, final int users, final long spreadMillis, final int payloadBytes)
    {
        final String[] logins = new String[users];
        for (int u = 0; u < users; u++)
        {
            logins[u] = userLogin(u);
        }
        final long[] offsets = new long[timers];
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < timers; i++)
        {
            offsets[i] = 1 + random.nextLong(spreadMillis);
        }
        final byte[] payload = new byte[payloadBytes];
        for (int b = 0; b < payloadBytes; b++)
        {
            payload[b] = (byte)b;
        }
        return new TimerPlan(logins, offsets, payload, spreadMillis);
    }

    /**
     * @param user a user's number.
     * @return the user's login.
     */
    static String userLogin(final int user)
    {
        return "user-" + user;
    }

    int timers()
    {
        return offsets.length;
    }

    /**
     * @param key a timer.
     * @return the login of the user it belongs to.
     */
    String login(final int key)
    {
        return logins[key % logins.length];
    }

    long offset(final int key)
    {
        return offsets[key];
    }

    byte[] payload()
    {
        return payload;
    }

    /**
     * @return no timer is due later than this many ms after the start.
     */
    long spreadMillis()
    {
        return spreadMillis;
    }
}
