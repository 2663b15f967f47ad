package io.archipelago.tool;

/**
 * A failure a command reports as one line on stderr, with the process exit code it maps to.
 */
final class ToolException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * @param exitCode one of the {@link ArchipelagoCli} exit codes.
     * @param message  what is wrong, naming the path or setting involved.
     */
    ToolException(final int exitCode, final String message)
    {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * @param exitCode one of the {@link ArchipelagoCli} exit codes.
     * @param message  what is wrong, naming the path or setting involved.
     * @param cause    the underlying failure.
     */
    ToolException(final int exitCode, final String message, final Throwable cause)
    {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /**
     * @return the process exit code.
     */
    int exitCode()
    {
        return exitCode;
    }

    /**
     * @param message what is wrong.
     * @return a failure with the bad-usage / unreadable-input exit code.
     */
    static ToolException usage(final String message)
    {
        return new ToolException(ArchipelagoCli.EXIT_USAGE, message);
    }

    /**
     * @param message what failed.
     * @return a failure with the check-failed exit code.
     */
    static ToolException checkFailed(final String message)
    {
        return new ToolException(ArchipelagoCli.EXIT_CHECK_FAILED, message);
    }
}
