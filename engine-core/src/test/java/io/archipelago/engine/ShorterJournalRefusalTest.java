package io.archipelago.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.recovery.CleanShutdownFile;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class ShorterJournalRefusalTest
{
    private static final long PRODUCT = 1;

    @TempDir
    Path dir;

    private static void copyTree(final Path from, final Path to)
    {
        try (Stream<Path> paths = Files.walk(from))
        {
            for (final Path path : (Iterable<Path>)paths::iterator)
            {
                final Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(path, target);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void deleteTree(final Path root)
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.delete(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Test
    void shouldRefuseToOpenWhenJournalEndsBeforeSequenceRecordedAtLastCleanShutdown() throws Exception
    {
        final Path data = dir.resolve("data");
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(1).dataDirectory(data).build();
        final Path journal = new DataDirectoryLayout(data).journal(0);
        final Path olderCopy = dir.resolve("older-journal");
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 100).get(10, TimeUnit.SECONDS));
            for (int i = 0; i < 10; i++)
            {
                assertEquals(ResultCode.CONFIRMED, engine.placeOrder("early-" + i, i, new OrderLine(PRODUCT, 1))
                    .get(10, TimeUnit.SECONDS));
            }
        }
        copyTree(journal, olderCopy);
        try (Archipelago engine = Archipelago.open(config))
        {
            for (int i = 0; i < 10; i++)
            {
                assertEquals(ResultCode.CONFIRMED, engine.placeOrder("late-" + i, i, new OrderLine(PRODUCT, 1))
                    .get(10, TimeUnit.SECONDS), "acknowledged to the client");
            }
        }
        final long recordedSequence = CleanShutdownFile.read(new DataDirectoryLayout(data).cleanShutdown(0)).sequence();
        deleteTree(journal);
        copyTree(olderCopy, journal);

        try (Archipelago engine = Archipelago.open(config))
        {
            fail("opened with " + engine.productView(PRODUCT).get(10, TimeUnit.SECONDS).sold() +
                " units sold although the last clean shutdown recorded sequence " + recordedSequence +
                " after 20 acknowledged orders; recovery " + engine.recovery());
        }
        catch (final IllegalStateException expected)
        {
            assertTrue(expected.getMessage().contains("island 0"), expected.getMessage());
            assertTrue(expected.getMessage().contains(Long.toString(recordedSequence)), expected.getMessage());
        }
    }
}
