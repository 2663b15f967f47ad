package io.archipelago.engine.codec;

/**
 * A journal record that fails its checksum, has an impossible length, an unknown type or an unreadable format
 * version. Never swallowed: state built from such a record would be silently wrong.
 */
public final class CorruptRecordException extends RuntimeException
{
    /**
     * @param message what is wrong.
     */
    public CorruptRecordException(final String message)
    {
        super(message);
    }
}
