package io.archipelago.engine.events;

/**
 * An event in an event log is damaged: its message names the island, the log and the document.
 */
public final class CorruptEventException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is damaged, and where.
     */
    public CorruptEventException(final String message)
    {
        super(message);
    }
}
