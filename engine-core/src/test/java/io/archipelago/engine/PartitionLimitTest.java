package io.archipelago.engine;

import java.nio.file.Files;
import java.nio.file.Path;

import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.Durability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Island counts the engine cannot run are refused up front with the numbers, never by running out of memory half way
 * through opening.
 */
class PartitionLimitTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRefuseMorePartitionsThanTheEngineRuns()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ArchipelagoConfig.builder().partitions(ArchipelagoConfig.MAX_PARTITIONS + 1).dataDirectory(dir)
                .build());

        assertEquals("partitions must be in [1, " + ArchipelagoConfig.MAX_PARTITIONS + "], was " +
            (ArchipelagoConfig.MAX_PARTITIONS + 1), ex.getMessage());
    }

    @Test
    void shouldRefuseRingsThatDoNotFitTheHeapBeforeWritingAnything()
    {
        final Path data = dir.resolve("data");
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(ArchipelagoConfig.MAX_PARTITIONS)
            .ringSize(1 << 20).dataDirectory(data).build();
        assertTrue(config.ringHeapBytes() > Runtime.getRuntime().maxMemory() / 2, "the test needs rings too big");

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Archipelago.open(config));

        assertTrue(ex.getMessage().contains(ArchipelagoConfig.MAX_PARTITIONS + " islands with ringSize 1048576"),
            ex.getMessage());
        assertTrue(ex.getMessage().contains("MiB of heap"), ex.getMessage());
        assertFalse(Files.exists(data), "nothing written");
    }

    @Test
    void shouldOpenTheLargestIslandCountWithRingsSizedForIt()
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(ArchipelagoConfig.MAX_PARTITIONS)
            .ringSize(64).durability(Durability.NONE).islandThreads(2).build();
        config.requireRingsFit(Runtime.getRuntime().maxMemory());
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(ArchipelagoConfig.MAX_PARTITIONS, engine.partitions());
            assertEquals(ArchipelagoConfig.MAX_PARTITIONS, engine.digests().size());
        }
    }
}
