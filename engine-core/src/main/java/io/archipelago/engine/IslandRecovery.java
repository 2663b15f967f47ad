package io.archipelago.engine;

/**
 * What opening a data directory did for one island.
 *
 * @param partition      the island.
 * @param records        journal records replayed.
 * @param replayMillis   time spent replaying.
 * @param verified       true when the journal ended where the last clean shutdown left it and replay reached the
 *                       digest recorded then.
 */
public record IslandRecovery(int partition, long records, long replayMillis, boolean verified)
{
}
