package io.archipelago.engine.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import io.archipelago.engine.Archipelago;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

/**
 * How to open an engine. Build with {@link #builder()}; every setting has a default except the data directory, which
 * journaled engines need.
 */
public final class ArchipelagoConfig
{
    /** Default number of islands. */
    public static final int DEFAULT_PARTITIONS = 8;
    /** Default ring size per island (events). */
    public static final int DEFAULT_RING_SIZE = 16 * 1024;
    /** Default bound on how long a submit waits for room in a full ring. */
    public static final Duration DEFAULT_SUBMIT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Most islands an engine runs: each holds a ring of {@code ringSize} pre-allocated slots, a Chronicle journal (a
     * few file descriptors and its mapped files), its share of a runner thread, and one outbox and high-water mark
     * per other island, so link state grows with the square of the island count (1,024 islands take about 3 GiB of
     * heap before any order). Routing itself goes to 65,536.
     */
    public static final int MAX_PARTITIONS = 1024;
    /** Heap one ring slot takes, measured with 4-line commands (slots grow for longer orders). */
    public static final long RING_SLOT_BYTES = 256;
    /** Heap one link (one island's outbox towards another and its high-water mark) takes when empty, measured. */
    public static final long LINK_BYTES = 3 * 1024;
    /** Default free-space floor of a journal's device: 64 MiB. */
    public static final long DEFAULT_MIN_FREE_DISK_BYTES = 64L * 1024 * 1024;

    private final int partitions;
    private final Path dataDirectory;
    private final int ringSize;
    private final WaitStrategyKind waitStrategy;
    private final Durability durability;
    private final Duration submitTimeout;
    private final EpochClock clock;
    private final int replayThreads;
    private final int islandThreads;
    private final TransferPolicy transferPolicy;
    private final Duration closeTimeout;
    private final long snapshotEveryRecords;
    private final Duration snapshotEvery;
    private final int snapshotsToKeep;
    private final long minFreeDiskBytes;
    private final boolean indexUsersAtClose;

    private ArchipelagoConfig(final Builder builder)
    {
        this.partitions = builder.partitions;
        this.dataDirectory = builder.dataDirectory;
        this.ringSize = builder.ringSize;
        this.waitStrategy = builder.waitStrategy;
        this.durability = builder.durability;
        this.submitTimeout = builder.submitTimeout;
        this.clock = builder.clock;
        this.replayThreads = builder.replayThreads;
        this.islandThreads = 0 == builder.islandThreads ?
            Math.min(builder.partitions, Runtime.getRuntime().availableProcessors()) : builder.islandThreads;
        this.transferPolicy = builder.transferPolicy;
        this.closeTimeout = builder.closeTimeout;
        this.snapshotEveryRecords = builder.snapshotEveryRecords;
        this.snapshotEvery = builder.snapshotEvery;
        this.snapshotsToKeep = builder.snapshotsToKeep;
        this.minFreeDiskBytes = builder.minFreeDiskBytes;
        this.indexUsersAtClose = builder.indexUsersAtClose;
    }

    /**
     * @return a builder with the defaults.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return number of islands.
     */
    public int partitions()
    {
        return partitions;
    }

    /**
     * @return the data directory, or {@code null} for an engine without a journal.
     */
    public Path dataDirectory()
    {
        return dataDirectory;
    }

    /**
     * @return ring size per island.
     */
    public int ringSize()
    {
        return ringSize;
    }

    /**
     * @return heap the islands take before any order: rings ({@code partitions * ringSize *}
     *         {@link #RING_SLOT_BYTES}) and links ({@code partitions^2 *} {@link #LINK_BYTES}).
     */
    public long baseHeapBytes()
    {
        return (long)partitions * ringSize * RING_SLOT_BYTES + (long)partitions * partitions * LINK_BYTES;
    }

    /**
     * Checks, before anything is allocated, that the islands' rings and links fit in half of this JVM's heap.
     *
     * @param maxHeapBytes the JVM's maximum heap ({@code Runtime.getRuntime().maxMemory()}).
     * @throws IllegalArgumentException naming the numbers when they do not.
     */
    public void requireHeapFits(final long maxHeapBytes)
    {
        if (baseHeapBytes() > maxHeapBytes / 2)
        {
            throw new IllegalArgumentException(partitions + " islands with ringSize " + ringSize + " need about " +
                (baseHeapBytes() >> 20) + " MiB of heap for their rings and links, more than half of this JVM's " +
                (maxHeapBytes >> 20) + " MiB: use fewer islands, a smaller ringSize, or a larger -Xmx");
        }
    }

    /**
     * @return how idle islands wait.
     */
    public WaitStrategyKind waitStrategy()
    {
        return waitStrategy;
    }

    /**
     * @return what happens to inputs before they are applied.
     */
    public Durability durability()
    {
        return durability;
    }

    /**
     * @return how long a submit waits for room in a full ring before {@link ResultCode#OVERLOADED}.
     */
    public Duration submitTimeout()
    {
        return submitTimeout;
    }

    /**
     * @return the clock whose readings are journaled as each input's time.
     */
    public EpochClock clock()
    {
        return clock;
    }

    /**
     * @return how many threads rebuild islands from their journals when a directory is reopened.
     */
    public int replayThreads()
    {
        return replayThreads;
    }

    /**
     * @return the transfer strategy and timings.
     */
    public TransferPolicy transferPolicy()
    {
        return transferPolicy;
    }

    /**
     * @return how long {@link Archipelago#close()} waits for pending orders to be decided and links to go quiet.
     */
    public Duration closeTimeout()
    {
        return closeTimeout;
    }

    /**
     * @return an island snapshots after this many journal records since its last snapshot (0 = never by count).
     */
    public long snapshotEveryRecords()
    {
        return snapshotEveryRecords;
    }

    /**
     * @return an island snapshots when this much time passed since its last snapshot and records arrived (zero =
     *         never by time).
     */
    public Duration snapshotEvery()
    {
        return snapshotEvery;
    }

    /**
     * @return threads that run the islands; island {@code i} runs on thread {@code i % islandThreads()}.
     */
    public int islandThreads()
    {
        return islandThreads;
    }

    /**
     * @return snapshots kept per island; older ones are deleted after a new one is written.
     */
    public int snapshotsToKeep()
    {
        return snapshotsToKeep;
    }

    /**
     * @return usable bytes an island's journal device must keep: below it the island answers client commands with
     *         {@link ResultCode#STORAGE_FULL} without journaling them (0 = no floor).
     */
    public long minFreeDiskBytes()
    {
        return minFreeDiskBytes;
    }

    /**
     * @return true when {@code close()} brings each island's user index up to the end of its journal.
     */
    public boolean indexUsersAtClose()
    {
        return indexUsersAtClose;
    }

    @Override
    public String toString()
    {
        return "partitions=" + partitions + ", islandThreads=" + islandThreads + ", data=" + dataDirectory +
            ", ringSize=" + ringSize + ", wait=" + waitStrategy + ", durability=" + durability + ", submitTimeout=" +
            submitTimeout + ", minFreeDiskBytes=" + minFreeDiskBytes;
    }

    /**
     * Builds a {@link ArchipelagoConfig}; {@link #build()} checks every setting.
     */
    public static final class Builder
    {
        private int partitions = DEFAULT_PARTITIONS;
        private Path dataDirectory;
        private int ringSize = DEFAULT_RING_SIZE;
        private WaitStrategyKind waitStrategy = WaitStrategyKind.BLOCKING;
        private Durability durability = Durability.JOURNALED;
        private Duration submitTimeout = DEFAULT_SUBMIT_TIMEOUT;
        private EpochClock clock = SystemEpochClock.INSTANCE;
        private int replayThreads = Runtime.getRuntime().availableProcessors();
        private int islandThreads;
        private TransferPolicy transferPolicy = TransferPolicy.DEFAULT;
        private Duration closeTimeout = Duration.ofSeconds(10);
        private long snapshotEveryRecords = 1_000_000;
        private Duration snapshotEvery = Duration.ZERO;
        private int snapshotsToKeep = 2;
        private long minFreeDiskBytes = DEFAULT_MIN_FREE_DISK_BYTES;
        private boolean indexUsersAtClose = true;

        private Builder()
        {
        }

        /**
         * @param partitions number of islands, 1 to 65536; fixed for the life of a data directory.
         * @return this.
         */
        public Builder partitions(final int partitions)
        {
            this.partitions = partitions;
            return this;
        }

        /**
         * @param dataDirectory where journals live; created if missing.
         * @return this.
         */
        public Builder dataDirectory(final Path dataDirectory)
        {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /**
         * @param ringSize events per island ring, a power of two of at least 64.
         * @return this.
         */
        public Builder ringSize(final int ringSize)
        {
            this.ringSize = ringSize;
            return this;
        }

        /**
         * @param waitStrategy how idle islands wait.
         * @return this.
         */
        public Builder waitStrategy(final WaitStrategyKind waitStrategy)
        {
            this.waitStrategy = waitStrategy;
            return this;
        }

        /**
         * @param durability whether inputs are journaled.
         * @return this.
         */
        public Builder durability(final Durability durability)
        {
            this.durability = durability;
            return this;
        }

        /**
         * @param submitTimeout how long a submit waits for room in a full ring; zero fails at once.
         * @return this.
         */
        public Builder submitTimeout(final Duration submitTimeout)
        {
            this.submitTimeout = submitTimeout;
            return this;
        }

        /**
         * @param clock source of journaled time.
         * @return this.
         */
        public Builder clock(final EpochClock clock)
        {
            this.clock = clock;
            return this;
        }

        /**
         * @param replayThreads threads that rebuild islands on reopen, at least 1.
         * @return this.
         */
        public Builder replayThreads(final int replayThreads)
        {
            this.replayThreads = replayThreads;
            return this;
        }

        /**
         * Threads that run the islands. Each thread runs a fixed set of islands (island {@code i} on thread
         * {@code i % threads}), polling their rings in turn, so islands may outnumber cores without a context switch
         * per input. One thread per island gives each island its own core when there are enough of them.
         *
         * @param islandThreads 1 to the number of partitions; 0 (the default) for one per available processor, at
         *                      most one per island.
         * @return this.
         */
        public Builder islandThreads(final int islandThreads)
        {
            this.islandThreads = islandThreads;
            return this;
        }

        /**
         * @param transferPolicy which islands to ask for units, how many, and how long to wait.
         * @return this.
         */
        public Builder transferPolicy(final TransferPolicy transferPolicy)
        {
            this.transferPolicy = transferPolicy;
            return this;
        }

        /**
         * @param closeTimeout how long close waits for pending orders to be decided and links to go quiet.
         * @return this.
         */
        public Builder closeTimeout(final Duration closeTimeout)
        {
            this.closeTimeout = closeTimeout;
            return this;
        }

        /**
         * @param records snapshot an island after this many journal records since its last one; 0 for never.
         * @return this.
         */
        public Builder snapshotEveryRecords(final long records)
        {
            this.snapshotEveryRecords = records;
            return this;
        }

        /**
         * @param interval snapshot an island when this much time passed since its last one; zero for never.
         * @return this.
         */
        public Builder snapshotEvery(final Duration interval)
        {
            this.snapshotEvery = interval;
            return this;
        }

        /**
         * @param keep snapshots kept per island, at least 1.
         * @return this.
         */
        public Builder snapshotsToKeep(final int keep)
        {
            this.snapshotsToKeep = keep;
            return this;
        }

        /**
         * A free-space floor for the devices that hold the journals. Each island looks at the usable space of its
         * journal's device at most every 10 ms or every 1,024 records; while it is below the floor the island answers
         * client commands (create, restock, place, cancel) with {@link ResultCode#STORAGE_FULL} without journaling
         * them, and link messages, ticks and queries go on so pending work can finish. It takes commands again once
         * the space is back above the floor. Without a floor a full device fails the island
         * ({@link ResultCode#ISLAND_FAILED}); the journal stays readable either way.
         *
         * @param bytes usable bytes to keep free, 0 for no floor; default {@link #DEFAULT_MIN_FREE_DISK_BYTES}.
         * @return this.
         */
        public Builder minFreeDiskBytes(final long bytes)
        {
            this.minFreeDiskBytes = bytes;
            return this;
        }

        /**
         * Whether {@code close()} brings each island's user index (what {@code Archipelago.history} and
         * {@code archipelago history} read) up to the end of its journal, after the islands stopped, in parallel. It
         * reads what was journaled since the index was last brought up to date (about a million records a second per
         * island here); without it the first {@code history} call after a reopen pays that instead, and the tools
         * read the part not indexed in memory.
         *
         * @param index true (the default) to index at close.
         * @return this.
         */
        public Builder indexUsersAtClose(final boolean index)
        {
            this.indexUsersAtClose = index;
            return this;
        }

        /**
         * @return the configuration.
         * @throws IllegalArgumentException naming the first setting that is out of range.
         */
        public ArchipelagoConfig build()
        {
            if (partitions < 1 || partitions > MAX_PARTITIONS)
            {
                throw new IllegalArgumentException("partitions must be in [1, " + MAX_PARTITIONS + "], was " +
                    partitions);
            }
            if (ringSize < 64 || Integer.bitCount(ringSize) != 1)
            {
                throw new IllegalArgumentException("ringSize must be a power of two >= 64, was " + ringSize);
            }
            Objects.requireNonNull(waitStrategy, "waitStrategy");
            Objects.requireNonNull(durability, "durability");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(submitTimeout, "submitTimeout");
            Objects.requireNonNull(transferPolicy, "transferPolicy");
            Objects.requireNonNull(closeTimeout, "closeTimeout");
            if (submitTimeout.isNegative())
            {
                throw new IllegalArgumentException("submitTimeout must not be negative, was " + submitTimeout);
            }
            Objects.requireNonNull(snapshotEvery, "snapshotEvery");
            if (snapshotEveryRecords < 0 || snapshotEvery.isNegative() || snapshotsToKeep < 1)
            {
                throw new IllegalArgumentException("snapshot policy needs snapshotEveryRecords >= 0, snapshotEvery " +
                    ">= 0 and snapshotsToKeep >= 1, was " + snapshotEveryRecords + ", " + snapshotEvery + ", " +
                    snapshotsToKeep);
            }
            if (minFreeDiskBytes < 0)
            {
                throw new IllegalArgumentException("minFreeDiskBytes must not be negative (0 for no floor), was " +
                    minFreeDiskBytes);
            }
            if (replayThreads < 1)
            {
                throw new IllegalArgumentException("replayThreads must be at least 1, was " + replayThreads);
            }
            if (islandThreads < 0 || islandThreads > partitions)
            {
                throw new IllegalArgumentException("islandThreads must be in [1, partitions=" + partitions + "] or 0 " +
                    "for one per available processor, was " + islandThreads);
            }
            if (durability != Durability.NONE && null == dataDirectory)
            {
                throw new IllegalArgumentException("a data directory is required with durability " + durability +
                    " (or choose Durability.NONE)");
            }
            return new ArchipelagoConfig(this);
        }
    }
}
