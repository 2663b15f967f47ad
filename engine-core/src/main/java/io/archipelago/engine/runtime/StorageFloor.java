package io.archipelago.engine.runtime;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An island's free-space floor: whether the device holding its journal has less usable space than
 * {@link io.archipelago.engine.model.ArchipelagoConfig#minFreeDiskBytes()}. The usable space is read (a
 * {@code statfs} call) at most every {@link #CHECK_INTERVAL_NANOS} by the engine's ticker (or a {@code health()}
 * call), and by the island thread every {@link #CHECK_EVERY_RECORDS} records it journals; a client claim only reads
 * the last reading, so the submit path pays no clock read and no system call. Logs one WARN
 * when the island starts refusing commands and one INFO when it takes them again. Thread safe.
 */
final class StorageFloor
{
    private static final Logger LOG = LoggerFactory.getLogger(StorageFloor.class);
    /** Longest time between two readings while commands arrive. */
    static final long CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Most records journaled between two readings. */
    static final int CHECK_EVERY_RECORDS = 1_024;

    /**
     * Reads the usable bytes of a journal directory's device in place of its {@link FileStore}; {@code null} (the
     * default) reads the file store. A hook for tests that simulate a full device; set it before an engine opens.
     */
    static volatile ToLongFunction<Path> usableSpaceProbe;

    private final int island;
    private final Path directory;
    private final long floorBytes;
    private final FileStore store;
    private final ToLongFunction<Path> probe;
    private final AtomicLong nextCheckNanos = new AtomicLong(System.nanoTime());
    private final AtomicBoolean below = new AtomicBoolean();
    private long checkedAtSequence;

    /**
     * @param island     the island (for messages).
     * @param directory  its journal directory, or {@code null} for an island without a journal (no floor).
     * @param floorBytes usable bytes to keep, 0 for no floor.
     */
    StorageFloor(final int island, final Path directory, final long floorBytes)
    {
        this.island = island;
        this.directory = directory;
        this.probe = usableSpaceProbe;
        this.floorBytes = null == directory ? 0 : floorBytes;
        this.store = 0 == this.floorBytes || null != probe ? null : fileStore(island, directory);
    }

    /**
     * The device of the journal directory, or of its nearest existing parent while the directory is not created yet
     * (the journal is created only after every island passed recovery).
     */
    private static FileStore fileStore(final int island, final Path directory)
    {
        Path existing = directory.toAbsolutePath();
        while (null != existing.getParent() && !Files.exists(existing))
        {
            existing = existing.getParent();
        }
        try
        {
            return Files.getFileStore(existing);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException("island " + island + ": cannot find the device of " + directory,
                ex);
        }
    }

    /**
     * Any thread, on every client claim: the last reading, no clock and no system call.
     *
     * @return true while the usable space is below the floor: client commands are refused.
     */
    boolean refusesCommands()
    {
        return 0 != floorBytes && below.get();
    }

    /**
     * The engine's ticker (about every millisecond) and {@code health()}: reads the usable space again when the last
     * reading is older than the check interval, so an idle or refusing island still notices space coming and going.
     */
    void recheckIfDue()
    {
        if (0 == floorBytes)
        {
            return;
        }
        final long now = System.nanoTime();
        final long due = nextCheckNanos.get();
        if (now - due >= 0 && nextCheckNanos.compareAndSet(due, now + CHECK_INTERVAL_NANOS))
        {
            check();
        }
    }

    /**
     * Island thread, at the end of a batch: reads the usable space again when {@link #CHECK_EVERY_RECORDS} records
     * were journaled since the last reading it made.
     *
     * @param sequence the island sequence of the last record journaled.
     */
    void onJournaled(final long sequence)
    {
        if (0 != floorBytes && sequence - checkedAtSequence >= CHECK_EVERY_RECORDS)
        {
            checkedAtSequence = sequence;
            nextCheckNanos.set(System.nanoTime() + CHECK_INTERVAL_NANOS);
            check();
        }
    }

    private void check()
    {
        final long usable;
        try
        {
            usable = null != probe ? probe.applyAsLong(directory) : store.getUsableSpace();
        }
        catch (final IOException | RuntimeException ex)
        {
            LOG.warn("island {}: cannot read the usable space of {}; keeping the last reading", island, directory, ex);
            return;
        }
        if (usable < floorBytes)
        {
            if (below.compareAndSet(false, true))
            {
                LOG.warn("island {}: {} bytes usable on the device of {}, below the floor of {}; client commands " +
                    "are refused with STORAGE_FULL until space is freed", island, usable, directory, floorBytes);
            }
        }
        else if (below.compareAndSet(true, false))
        {
            LOG.info("island {}: {} bytes usable on the device of {}, above the floor of {} again; taking client " +
                "commands", island, usable, directory, floorBytes);
        }
    }
}
