package io.archipelago.engine.recovery;

/**
 * An island whose history cannot be trusted, with one line naming the island, the file and what is wrong. Raised by
 * the {@link IslandLoader}, so the engine and every tool refuse the same directories for the same reasons.
 */
public final class IslandRefusedException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    /**
     * What kind of problem it is.
     */
    public enum Kind
    {
        /** Records that a snapshot or the clean-shutdown record proves existed are not in the journal. */
        MISSING_RECORDS,
        /** A file exists but cannot be read. */
        DAMAGED,
        /** The journal replays to another state than the one recorded at the last clean shutdown. */
        STATE_DIFFERS
    }

    private final int island;
    private final String file;
    private final Kind kind;

    /**
     * @param island  the island.
     * @param file    the file or directory at fault.
     * @param kind    what kind of problem.
     * @param message one line naming island, file and problem.
     */
    public IslandRefusedException(final int island, final String file, final Kind kind, final String message)
    {
        super(message);
        this.island = island;
        this.file = file;
        this.kind = kind;
    }

    /**
     * @return the island.
     */
    public int island()
    {
        return island;
    }

    /**
     * @return the file or directory at fault.
     */
    public String file()
    {
        return file;
    }

    /**
     * @return what kind of problem.
     */
    public Kind kind()
    {
        return kind;
    }
}
