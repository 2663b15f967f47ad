package io.archipelago.tool.demo;

/**
 * The demo's user logins {@code user-0 .. user-(n-1)}, built once and shared by the client threads when there are not
 * too many of them, so placing an order does not build a string; and the {@link #HEAVY_USERS} heavy users
 * {@code heavy-0 .. heavy-7} that place the skewed share of the orders.
 */
final class Logins
{
    static final String PREFIX = "user-";
    static final String HEAVY_PREFIX = "heavy-";
    static final int HEAVY_USERS = 8;
    private static final int MAX_CACHED = 1 << 20;

    private final String[] cached;
    private final String[] heavy = new String[HEAVY_USERS];

    /**
     * @param users number of users.
     */
    Logins(final int users)
    {
        if (users <= MAX_CACHED)
        {
            cached = new String[users];
            for (int k = 0; k < users; k++)
            {
                cached[k] = PREFIX + k;
            }
        }
        else
        {
            cached = null;
        }
        for (int k = 0; k < HEAVY_USERS; k++)
        {
            heavy[k] = HEAVY_PREFIX + k;
        }
    }

    /**
     * @param k a user number, below the number of users.
     * @return that user's login.
     */
    String login(final int k)
    {
        return null != cached ? cached[k] : PREFIX + k;
    }

    /**
     * @param k a heavy user's number, below {@link #HEAVY_USERS}.
     * @return that heavy user's login.
     */
    String heavy(final int k)
    {
        return heavy[k];
    }
}
