package io.archipelago.tool;


/**
 * A failure a command reports as one line on stderr, with the process exit code it maps to.
 */
public final class ToolException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * @param exitCode one of the {@link ExitCodes}.
     * @param message  what is wrong, naming the path or setting involved.
     */
    public ToolException(final int exitCode, final String message)
    {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * @param exitCode one of the {@link ExitCodes}.
     * @param message  what is wrong, naming the path or setting involved.
     * @param cause    the underlying failure.
     */
    public ToolException(final int exitCode, final String message, final Throwable cause)
    {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /**
     * @return the process exit code.
     */
    public int exitCode()
    {
        return exitCode;
    }

    /**
     * @param message what is wrong.
     * @return a failure with the bad-usage / unreadable-input exit code.
     */
    public static ToolException usage(final String message)
    {
        return new ToolException(ExitCodes.USAGE, message);
    }

    /**
     * @param message what failed.
     * @return a failure with the check-failed exit code.
     */
    public static ToolException checkFailed(final String message)
    {
        return new ToolException(ExitCodes.CHECK_FAILED, message);
    }
}
