package io.archipelago.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.archipelago.engine.journal.CorruptJournalException;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.IslandRecovery;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.recovery.CleanShutdownFile;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.router.PartitionRouter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorruptJournalTest
{
    private static final int PARTITIONS = 2;
    private static final long PRODUCT = 5;
    private static final String MARKER = "zz-corrupt-me";

    @TempDir
    Path dir;

    private ArchipelagoConfig config()
    {
        return config(PARTITIONS);
    }

    /**
     * One replay thread, so that a refused open never has another island still replaying (see
     * {@link ReplayAfterFailedOpenTest}).
     */
    private ArchipelagoConfig config(final int partitions)
    {
        return ArchipelagoConfig.builder().partitions(partitions).dataDirectory(dir).replayThreads(1).build();
    }

    private List<String> writeOrdersEndingWithMarker() throws Exception
    {
        try (Archipelago engine = Archipelago.open(config()))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 1_000).get(10, TimeUnit.SECONDS));
            for (int i = 0; i < 50; i++)
            {
                assertEquals(ResultCode.CONFIRMED, engine.placeOrder("plain-" + i, i, new OrderLine(PRODUCT, 1))
                    .get(10, TimeUnit.SECONDS));
            }
            assertEquals(ResultCode.CONFIRMED, engine.placeOrder(MARKER, 1, new OrderLine(PRODUCT, 2))
                .get(10, TimeUnit.SECONDS));
            engine.close();
            return engine.closeDigests();
        }
    }

    private static int markerIsland()
    {
        return new PartitionRouter(PARTITIONS).partitionOf(MARKER);
    }

    @Test
    void shouldRefuseToOpenWhenLastRecordPayloadIsDamagedNamingTheIsland() throws Exception
    {
        writeOrdersEndingWithMarker();
        final int island = markerIsland();
        final Path partition = new DataDirectoryLayout(dir).island(island);

        DataDirectoryFiles.flipByteOfLastOccurrence(partition, MARKER, 3);

        final CorruptJournalException ex = assertThrows(CorruptJournalException.class,
            () -> Archipelago.open(config()));
        assertTrue(ex.getMessage().contains("island " + island), ex.getMessage());
        assertEquals(island, ex.island());
        assertTrue(ex.getMessage().contains("checksum"), ex.getMessage());
    }

    @Test
    void shouldOpenAgainWithSameStateOnceDamagedByteIsRestored() throws Exception
    {
        final List<String> digests = writeOrdersEndingWithMarker();
        final int island = markerIsland();
        final Path partition = new DataDirectoryLayout(dir).island(island);

        DataDirectoryFiles.flipByteOfLastOccurrence(partition, MARKER, 3);
        assertThrows(CorruptJournalException.class, () -> Archipelago.open(config()));
        DataDirectoryFiles.flipByteOfLastOccurrence(partition, "zz-", 3);

        try (Archipelago engine = Archipelago.open(config()))
        {
            assertEquals(digests, engine.digests(), "the failed open wrote nothing that changes the state");
            assertEquals(OrderState.CONFIRMED, engine.orderStatus(MARKER, 1).get(10, TimeUnit.SECONDS).state());
            for (final IslandRecovery recovery : engine.recovery())
            {
                assertTrue(recovery.verified(), "island " + recovery.partition() + " verified");
            }
        }
    }

    @Test
    void shouldRefuseACleanShutdownFileWithAFlippedByteAsDamagedNotAsOtherState() throws Exception
    {
        writeOrdersEndingWithMarker();
        final Path file = new DataDirectoryLayout(dir).cleanShutdown(1);
        final byte[] original = Files.readAllBytes(file);
        for (int at = 0; at < original.length; at++)
        {
            final byte[] damaged = original.clone();
            damaged[at] ^= 0x04;
            Files.write(file, damaged);

            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> Archipelago.open(config()), "byte " + at + " flipped");

            assertTrue(ex.getMessage().contains(file.toString()), ex.getMessage());
            assertFalse(ex.getMessage().contains("state that differs"), "byte " + at + ": " + ex.getMessage());
        }
        Files.write(file, original);
        try (Archipelago engine = Archipelago.open(config()))
        {
            assertTrue(engine.recovery().get(1).verified());
        }
    }

    @Test
    void shouldStillReadACleanShutdownFileWrittenBeforeItCarriedAChecksum() throws Exception
    {
        writeOrdersEndingWithMarker();
        final Path file = new DataDirectoryLayout(dir).cleanShutdown(1);
        final CleanShutdownFile recorded = CleanShutdownFile.read(file);
        Files.writeString(file, "sequence=" + recorded.sequence() + "\ndigest=" + recorded.digest() + "\n",
            StandardCharsets.UTF_8);

        try (Archipelago engine = Archipelago.open(config()))
        {
            assertTrue(engine.recovery().get(1).verified());
        }
    }

    @Test
    void shouldRefuseToOpenWhenReplayDisagreesWithCleanShutdownDigest() throws Exception
    {
        writeOrdersEndingWithMarker();
        final Path file = new DataDirectoryLayout(dir).cleanShutdown(1);
        final String original = Files.readString(file, StandardCharsets.UTF_8);
        final CleanShutdownFile recorded = CleanShutdownFile.read(new DataDirectoryLayout(dir).cleanShutdown(1));
        final String tampered = recorded.digest().startsWith("0") ? "1" + recorded.digest().substring(1) :
            "0" + recorded.digest().substring(1);
        new CleanShutdownFile(recorded.sequence(), tampered).write(file);

        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> Archipelago.open(config()));

        assertTrue(ex.getMessage().contains("digest"), ex.getMessage());
        assertTrue(ex.getMessage().contains("island 1"), ex.getMessage());
        assertTrue(ex.getMessage().contains(tampered), ex.getMessage());

        Files.writeString(file, original, StandardCharsets.UTF_8);
        try (Archipelago engine = Archipelago.open(config()))
        {
            assertTrue(engine.recovery().get(1).verified());
        }
    }

    @Test
    void shouldRefuseToOpenWhenCleanShutdownFileIsUnreadable() throws Exception
    {
        writeOrdersEndingWithMarker();
        Files.writeString(new DataDirectoryLayout(dir).cleanShutdown(0), "garbage\n",
            StandardCharsets.UTF_8);

        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> Archipelago.open(config()));

        assertTrue(ex.getMessage().contains(DataDirectoryLayout.CLEAN_SHUTDOWN), ex.getMessage());
    }

    @Test
    void shouldRefuseDamagedJournalWithoutWaitingOnIslandsThatNeverStarted() throws Exception
    {
        final int partitions = 8;
        try (Archipelago engine = Archipelago.open(config(partitions)))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 1_000).get(10, TimeUnit.SECONDS));
            assertEquals(ResultCode.CONFIRMED, engine.placeOrder(MARKER, 1, new OrderLine(PRODUCT, 1))
                .get(10, TimeUnit.SECONDS));
        }
        final long healthyStart = System.nanoTime();
        try (Archipelago engine = Archipelago.open(config(partitions)))
        {
            assertEquals(partitions, engine.partitions());
        }
        final long healthyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healthyStart);
        final int island = new PartitionRouter(partitions).partitionOf(MARKER);
        DataDirectoryFiles.flipByteOfLastOccurrence(new DataDirectoryLayout(dir).island(island), MARKER, 5);

        final long failingStart = System.nanoTime();
        final CorruptJournalException ex = assertThrows(CorruptJournalException.class,
            () -> Archipelago.open(config(partitions)));
        final long failingMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - failingStart);

        assertEquals(island, ex.island());
        assertTrue(failingMillis < healthyMillis + 1_500, "refusing the damaged journal took " + failingMillis +
            " ms where opening and closing the healthy directory took " + healthyMillis + " ms");
    }

    @Test
    void shouldRecordSequenceAndDigestOfEachIslandAtClose() throws Exception
    {
        final List<String> digests = writeOrdersEndingWithMarker();

        long sequences = 0;
        for (int p = 0; p < PARTITIONS; p++)
        {
            final CleanShutdownFile clean = CleanShutdownFile.read(new DataDirectoryLayout(dir).cleanShutdown(p));
            assertEquals(digests.get(p), clean.digest());
            sequences += clean.sequence();
        }
        assertTrue(sequences >= PARTITIONS + 51, "every journaled input counted: " + sequences);
    }
}
