package io.archipelago.engine.journal;

/**
 * A journal that cannot be trusted: a record failing its checksum, a gap or repeat in the island's sequence, an
 * unknown record type. Names the island, the journal and the Chronicle index so an operator can find it.
 */
public final class CorruptJournalException extends RuntimeException
{
    private final int island;
    private final long index;

    /**
     * @param island  the island whose journal is damaged.
     * @param path    the journal directory.
     * @param index   Chronicle index of the bad record.
     * @param problem what is wrong.
     * @param cause   the underlying error, or {@code null}.
     */
    public CorruptJournalException(final int island, final String path, final long index, final String problem,
        final Throwable cause)
    {
        super("island " + island + ": journal " + path + " is damaged at index 0x" + Long.toHexString(index) + ": " +
            problem, cause);
        this.island = island;
        this.index = index;
    }

    /**
     * @return the island whose journal is damaged.
     */
    public int island()
    {
        return island;
    }

    /**
     * @return the Chronicle index of the bad record.
     */
    public long index()
    {
        return index;
    }
}
