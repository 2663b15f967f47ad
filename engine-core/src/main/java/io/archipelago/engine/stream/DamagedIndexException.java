package io.archipelago.engine.stream;

/**
 * A user index file that cannot be trusted: unreadable, cut short, failing a checksum, or pointing at journal records or
 * events that are not the user's. The index is derived from the journal and the event log, so the engine rebuilds it
 * and the tools read around it; it is never an error the caller sees as lost data.
 */
public final class DamagedIndexException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the island and the file.
     */
    public DamagedIndexException(final String message)
    {
        super(message);
    }

    /**
     * @param message what is wrong, naming the island and the file.
     * @param cause   the failure that showed it.
     */
    public DamagedIndexException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
