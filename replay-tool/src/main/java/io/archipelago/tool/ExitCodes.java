package io.archipelago.tool;

/**
 * The exit codes of every {@code archipelago} command.
 */
public final class ExitCodes
{
    /** Success. */
    public static final int OK = 0;
    /** A check failed. */
    public static final int CHECK_FAILED = 1;
    /** Bad usage or unreadable input. */
    public static final int USAGE = 2;

    private ExitCodes()
    {
    }
}
