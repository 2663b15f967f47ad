package io.archipelago.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.IslandRecovery;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.SnapshotInfo;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.engine.recovery.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recovery from a snapshot plus the journal after it reaches the same state as a replay of the whole journal.
 */
class SnapshotRecoveryTest
{
    @TempDir
    Path dir;

    private ArchipelagoConfig config(final int partitions)
    {
        return ArchipelagoConfig.builder().partitions(partitions).dataDirectory(dir).ringSize(1024)
            .snapshotEveryRecords(0).snapshotsToKeep(3).build();
    }

    private static void placeOrders(final Archipelago engine, final int from, final int count, final long seed)
    {
        final Random random = new Random(seed);
        final List<CompletableFuture<ResultCode>> results = new ArrayList<>();
        for (int i = from; i < from + count; i++)
        {
            final String login = random.nextInt(3) == 0 ? "user-" + random.nextInt(200) : "heavy-" + random.nextInt(3);
            results.add(engine.placeOrder(login, i, new OrderLine(1 + random.nextInt(3), 1 + random.nextInt(3))));
        }
        results.forEach(CompletableFuture::join);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 64})
    void shouldReachTheSameDigestsFromSnapshotAndTailAsFromTheWholeJournal(final int partitions) throws IOException
    {
        final List<String> atClose;
        try (Archipelago engine = Archipelago.open(config(partitions)))
        {
            for (long p = 1; p <= 3; p++)
            {
                engine.createProduct(p, 1_500).join();
            }
            placeOrders(engine, 0, 600, partitions);
            final List<SnapshotInfo> taken = engine.snapshot();
            assertEquals(partitions, taken.size());
            placeOrders(engine, 600, 600, partitions + 1);
            engine.close();
            atClose = engine.closeDigests();
        }
        try (Archipelago fromSnapshot = Archipelago.open(config(partitions)))
        {
            assertEquals(atClose, fromSnapshot.digests());
            for (final IslandRecovery recovery : fromSnapshot.recovery())
            {
                assertTrue(recovery.snapshotSequence() > 0, "island " + recovery.partition() + " used its snapshot");
                assertTrue(recovery.verified());
            }
        }
        deleteSnapshots();
        try (Archipelago fromJournal = Archipelago.open(config(partitions)))
        {
            assertEquals(atClose, fromJournal.digests(), "a full replay agrees");
            assertEquals(-1, fromJournal.recovery().get(0).snapshotSequence());
        }
    }

    @Test
    void shouldFallBackToAnOlderSnapshotWhenTheNewestIsDamaged() throws IOException
    {
        final List<String> atClose;
        try (Archipelago engine = Archipelago.open(config(3)))
        {
            engine.createProduct(1, 1_500).join();
            placeOrders(engine, 0, 200, 1);
            engine.snapshot();
            placeOrders(engine, 200, 200, 2);
            engine.snapshot();
            placeOrders(engine, 400, 200, 3);
            engine.close();
            atClose = engine.closeDigests();
        }
        final List<Path> files = new SnapshotStore(new DataDirectoryLayout(dir), 0).list();
        assertEquals(2, files.size());
        final byte[] bytes = Files.readAllBytes(files.get(0));
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(files.get(0), bytes);
        Files.write(new DataDirectoryLayout(dir).snapshots(0).resolve("snapshot-99999999999999999999.snap.tmp"),
            new byte[]{1, 2, 3});

        try (Archipelago engine = Archipelago.open(config(3)))
        {
            assertEquals(atClose, engine.digests());
            assertEquals(DataDirectoryLayout.snapshotSequenceOf(files.get(1)), engine.recovery().get(0).snapshotSequence(),
                "island 0 fell back to its older snapshot");
            final List<Path> island1 = new SnapshotStore(new DataDirectoryLayout(dir), 1).list();
            assertEquals(DataDirectoryLayout.snapshotSequenceOf(island1.get(0)), engine.recovery().get(1).snapshotSequence(),
                "island 1 used its newest");
        }
    }

    @Test
    void shouldSnapshotByRecordCountAndKeepTheNewest() throws IOException
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(2).dataDirectory(dir)
            .snapshotEveryRecords(50).snapshotsToKeep(2).build();
        final List<String> atClose;
        try (Archipelago engine = Archipelago.open(config))
        {
            engine.createProduct(1, 10_000).join();
            for (int i = 0; i < 400; i++)
            {
                engine.placeOrder("user-" + i, i, new OrderLine(1, 1)).join();
            }
            engine.close();
            atClose = engine.closeDigests();
        }
        for (int island = 0; island < 2; island++)
        {
            final List<Path> files = new SnapshotStore(new DataDirectoryLayout(dir), island).list();
            assertEquals(2, files.size(), "only the newest two are kept");
        }
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(atClose, engine.digests());
            assertTrue(engine.recovery().get(0).records() < 60, "replays at most the tail after the snapshot");
        }
    }

    private void deleteSnapshots() throws IOException
    {
        try (Stream<Path> walk = Files.walk(dir))
        {
            for (final Path path : walk.sorted(Comparator.reverseOrder()).toList())
            {
                if (path.getFileName().toString().startsWith("snapshot"))
                {
                    Files.delete(path);
                }
            }
        }
    }
}
