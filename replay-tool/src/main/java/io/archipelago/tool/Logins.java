package io.archipelago.tool;

/**
 * The demo's user logins {@code user-0 .. user-(n-1)}, built once and shared by the client threads when there are not
 * too many of them, so placing an order does not build a string.
 */
final class Logins
{
    static final String PREFIX = "user-";
    private static final int MAX_CACHED = 1 << 20;

    private final String[] cached;

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
    }

    /**
     * @param k a user number, below the number of users.
     * @return that user's login.
     */
    String login(final int k)
    {
        return null != cached ? cached[k] : PREFIX + k;
    }
}
