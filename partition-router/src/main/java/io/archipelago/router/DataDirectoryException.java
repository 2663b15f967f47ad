package io.archipelago.router;

/**
 * Thrown when a data directory cannot be used: it is missing, foreign, damaged, or was created for a
 * different routing identity. The message names the path and the problem.
 */
public final class DataDirectoryException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and where.
     */
    public DataDirectoryException(final String message)
    {
        super(message);
    }

    /**
     * @param message what is wrong and where.
     * @param cause   the underlying failure.
     */
    public DataDirectoryException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
