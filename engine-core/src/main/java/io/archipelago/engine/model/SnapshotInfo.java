package io.archipelago.engine.model;

import java.nio.file.Path;

/**
 * A snapshot an island wrote.
 *
 * @param partition    the island.
 * @param sequence     the island sequence it covers.
 * @param file         where it is.
 * @param bytes        its size.
 * @param micros       time taken to serialise and write it (on the island thread).
 */
public record SnapshotInfo(int partition, long sequence, Path file, long bytes, long micros)
{
}
