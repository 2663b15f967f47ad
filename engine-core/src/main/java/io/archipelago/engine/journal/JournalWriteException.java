package io.archipelago.engine.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A record could not be written to an island's journal (the device is full, or Chronicle failed writing the mapped
 * file). Nothing of the record was committed: the journal ends with the record before it and stays readable.
 */
public final class JournalWriteException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** Usable bytes below which a failed write is reported as the device being full. */
    static final long FULL_DEVICE_BYTES = 64 * 1024;

    private final int island;
    private final boolean deviceFull;

    JournalWriteException(final int island, final String message, final boolean deviceFull, final Throwable cause)
    {
        super(message, cause);
        this.island = island;
        this.deviceFull = deviceFull;
    }

    /**
     * @param island    the island whose journal failed.
     * @param directory its journal directory.
     * @param cause     what Chronicle threw.
     * @return the exception, naming the island, the directory, and either that the device is full or the cause.
     */
    public static JournalWriteException of(final int island, final Path directory, final Throwable cause)
    {
        final long usable = usableBytes(directory);
        final boolean full = usable >= 0 && usable <= FULL_DEVICE_BYTES;
        final String reason = full ? "no space left on the device (" + usable + " bytes usable)" : String.valueOf(cause);
        return new JournalWriteException(island, "island " + island + ": cannot append to the journal at " +
            directory + ": " + reason + "; the record was not committed", full, cause);
    }

    private static long usableBytes(final Path directory)
    {
        try
        {
            return Files.getFileStore(directory).getUsableSpace();
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    /**
     * @return the island whose journal failed.
     */
    public int island()
    {
        return island;
    }

    /**
     * @return true when the device holding the journal had (almost) no usable space left when the write failed.
     */
    public boolean deviceFull()
    {
        return deviceFull;
    }
}
