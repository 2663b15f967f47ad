package io.archipelago.engine.recovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OfflineReplayTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRebuildTheClosedStateWithoutWritingToTheDirectory() throws Exception
    {
        final List<String> atClose;
        try (Archipelago engine = Archipelago.open(ArchipelagoConfig.builder().partitions(4).dataDirectory(dir)
            .snapshotEveryRecords(0).build()))
        {
            engine.createProduct(1, 400).join();
            for (int i = 0; i < 300; i++)
            {
                engine.placeOrder(i % 3 == 0 ? "user-" + i : "heavy", i, new OrderLine(1, 1)).join();
            }
            engine.snapshot();
            for (int i = 300; i < 400; i++)
            {
                engine.placeOrder("user-" + i, i, new OrderLine(1, 1)).join();
            }
            engine.close();
            atClose = engine.closeDigests();
        }
        final Map<String, String> before = checksums(dir);
        for (final boolean useSnapshots : new boolean[]{true, false})
        {
            final List<OfflineReplay.IslandState> states = OfflineReplay.replay(dir, 2, useSnapshots,
                OfflineReplay.defaultStrategy(), null);
            final List<String> digests = new ArrayList<>();
            for (final OfflineReplay.IslandState state : states)
            {
                digests.add(state.digest());
                assertTrue(state.matchesCleanShutdown(), "island " + state.partition());
                assertEquals(useSnapshots, state.snapshotSequence() > 0);
            }
            assertEquals(atClose, digests);
        }
        assertEquals(before, checksums(dir), "nothing in the data directory changed");
    }

    @Test
    void shouldRefuseADirectoryThatIsNotAnArchipelagoDataDirectory() throws IOException
    {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThrows(io.archipelago.router.DataDirectoryException.class,
            () -> OfflineReplay.replay(dir, 1, true, OfflineReplay.defaultStrategy(), null));
    }

    static Map<String, String> checksums(final Path root) throws IOException, NoSuchAlgorithmException
    {
        final Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path path : walk.filter(Files::isRegularFile).toList())
            {
                final MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sums.put(root.relativize(path).toString(), HexFormat.of().formatHex(sha.digest(Files.readAllBytes(path))) +
                    "@" + Files.getLastModifiedTime(path).toMillis());
            }
        }
        return sums;
    }
}
