package io.archipelago.engine.model;

import java.util.List;

/**
 * How every island of an engine is doing, read at one moment from each island's lifecycle state. Immutable.
 *
 * @param islands one entry per island, by partition.
 */
public record Health(List<IslandHealth> islands)
{
    /**
     * @param islands one entry per island, by partition; copied.
     */
    public Health
    {
        islands = List.copyOf(islands);
    }

    /**
     * @return true when no island has failed.
     */
    public boolean ok()
    {
        for (final IslandHealth island : islands)
        {
            if (island.state() == Lifecycle.FAILED)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return true when the journal device of some island is below the free-space floor, so that island answers
     *         client commands {@link ResultCode#STORAGE_FULL}.
     */
    public boolean storageFull()
    {
        for (final IslandHealth island : islands)
        {
            if (island.storageFull())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Where an island is in its life. An island moves forward only:
     * <pre>
     *   NEW -> RECOVERING -> RUNNING -> DRAINING -> CLOSING -> CLOSED
     *   NEW, RECOVERING, RUNNING, DRAINING or CLOSING -> FAILED
     * </pre>
     */
    public enum Lifecycle
    {
        /** Built; its journal is open and nothing is loaded yet. */
        NEW,
        /** Rebuilding its state from its snapshot and journal. */
        RECOVERING,
        /** Taking client commands, link messages, ticks and queries. */
        RUNNING,
        /** The engine is closing: no client commands; link messages, ticks and queries go on so pending work ends. */
        DRAINING,
        /** No submissions; its runner applies what is in its ring, records the digest and lets it go. */
        CLOSING,
        /** Closed: its runner applies nothing more. */
        CLOSED,
        /** An input, its runner or its journal failed: every waiting caller was answered and it takes no work. */
        FAILED
    }

    /**
     * One island's health.
     *
     * @param index       the island (partition).
     * @param state       where the island is in its life.
     * @param cause       what made it fail ({@code null} unless {@link Lifecycle#FAILED}).
     * @param sequence    island sequence of the last input journaled and applied.
     * @param storageFull true while the device holding the island's journal is below the free-space floor
     *                    ({@link ArchipelagoConfig#minFreeDiskBytes()}): client commands are answered
     *                    {@link ResultCode#STORAGE_FULL}.
     */
    public record IslandHealth(int index, Lifecycle state, String cause, long sequence, boolean storageFull)
    {
        /**
         * An island whose journal device is not below the floor.
         *
         * @param index    the island (partition).
         * @param state    where the island is in its life.
         * @param cause    what made it fail ({@code null} unless {@link Lifecycle#FAILED}).
         * @param sequence island sequence of the last input journaled and applied.
         */
        public IslandHealth(final int index, final Lifecycle state, final String cause, final long sequence)
        {
            this(index, state, cause, sequence, false);
        }
    }
}
