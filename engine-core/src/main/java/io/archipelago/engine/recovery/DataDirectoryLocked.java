package io.archipelago.engine.recovery;

import java.nio.file.Path;

/**
 * Refuses to open a data directory another engine is writing, in this process or another one.
 */
public final class DataDirectoryLocked extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    private final transient Path directory;
    private final transient DirectoryLock.Holder holder;

    DataDirectoryLocked(final Path directory, final DirectoryLock.Holder holder)
    {
        super("data directory " + directory + " is in use by " +
            (null == holder ? "another engine that has not yet recorded itself" : holder.describe()));
        this.directory = directory;
        this.holder = holder;
    }

    /**
     * @return the data directory that was refused.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * @return the engine that holds it, or {@code null} when it has not yet recorded itself in the lock file.
     */
    public DirectoryLock.Holder holder()
    {
        return holder;
    }
}
