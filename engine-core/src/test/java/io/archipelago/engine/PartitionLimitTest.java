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
    void shouldRefuseIslandsThatDoNotFitTheHeapBeforeWritingAnything()
    {
        final Path data = dir.resolve("data");
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(ArchipelagoConfig.MAX_PARTITIONS)
            .ringSize(1 << 20).dataDirectory(data).build();
        assertTrue(config.baseHeapBytes() > Runtime.getRuntime().maxMemory() / 2, "the test needs rings too big");

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Archipelago.open(config));

        assertTrue(ex.getMessage().contains(ArchipelagoConfig.MAX_PARTITIONS + " islands with ringSize 1048576"),
            ex.getMessage());
        assertTrue(ex.getMessage().contains("MiB of heap"), ex.getMessage());
        assertFalse(Files.exists(data), "nothing written");
    }

    @Test
    void shouldEstimateWhatTheIslandsTakeAndOpenWhatFits()
    {
        final ArchipelagoConfig largest = ArchipelagoConfig.builder().partitions(ArchipelagoConfig.MAX_PARTITIONS)
            .ringSize(64).durability(Durability.NONE).build();
        assertThrows(IllegalArgumentException.class, () -> largest.requireHeapFits(1L << 30),
            "the largest count does not fit a 1 GiB heap");
        largest.requireHeapFits(8L << 30);

        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(256).ringSize(64)
            .durability(Durability.NONE).islandThreads(2).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(256, engine.partitions());
            assertEquals(256, engine.digests().size());
        }
    }
}
