package io.archipelago.engine.model;

/**
 * What opening a data directory did for one island.
 *
 * @param partition           the island.
 * @param snapshotSequence    island sequence of the snapshot recovery started from, or -1 for the journal start.
 * @param records             journal records replayed (after the snapshot).
 * @param replayMillis        time spent loading the snapshot and replaying.
 * @param verified            true when the journal ended where the last clean shutdown left it and replay reached
 *                            the digest recorded then.
 * @param messagesRedelivered link messages this island will send again because their receiver never journaled them.
 */
public record IslandRecovery(int partition, long snapshotSequence, long records, long replayMillis, boolean verified,
    long messagesRedelivered)
{
}
