package io.archipelago.tool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.recovery.CleanShutdownFile;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.engine.recovery.Manifest;
import io.archipelago.engine.recovery.SnapshotStore;
import io.archipelago.router.PartitionRouter;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine and {@code replay --verify} refuse the same directories: for each rule the engine's loader enforces, a
 * demo directory is damaged to break it, {@link Archipelago#open} must throw naming the island and the file, and
 * {@code replay --verify} must exit non-zero with a line naming the same island and file (the manifest, one file for
 * every island, is named without an island).
 */
class RefusalAgreementTest
{
    /** The island every case damages: the one the test user's records after the snapshots went to. */
    private static final int ISLAND = new PartitionRouter(DemoDirectory.PARTITIONS).partitionOf(DemoDirectory.USER);

    @TempDir
    static Path temp;

    private static Path data;

    /**
     * One way to break a rule, and the file the refusal must name.
     */
    enum Damage
    {
        JOURNAL_BELOW_NEWEST_SNAPSHOT(1)
        {
            @Override
            Path apply(final DataDirectoryLayout layout) throws IOException
            {
                final SnapshotStore snapshots = new SnapshotStore(layout, ISLAND);
                final SnapshotStore.Snapshot newest = SnapshotStore.read(snapshots.list().get(0));
                final long beyond = CleanShutdownFile.read(layout.cleanShutdown(ISLAND)).sequence() + 10;
                snapshots.write(new SnapshotStore.Snapshot(null, newest.island(), newest.islands(), beyond,
                    newest.timestamp(), newest.journalIndex(), newest.digest(), newest.state()), 5);
                return layout.journal(ISLAND);
            }
        },
        JOURNAL_BELOW_MANIFEST(1)
        {
            @Override
            Path apply(final DataDirectoryLayout layout)
            {
                final long[] durable = new long[DemoDirectory.PARTITIONS];
                durable[ISLAND] = CleanShutdownFile.read(layout.cleanShutdown(ISLAND)).sequence() + 10;
                Manifest.read(layout).advancedTo(durable).write(layout);
                return layout.journal(ISLAND);
            }
        },
        JOURNAL_BELOW_CLEAN_SHUTDOWN(1)
        {
            @Override
            Path apply(final DataDirectoryLayout layout) throws IOException
            {
                final CleanShutdownFile clean = CleanShutdownFile.read(layout.cleanShutdown(ISLAND));
                writeCleanShutdown(layout, clean.sequence() + 5, clean.digest());
                return layout.journal(ISLAND);
            }
        },
        CLEAN_SHUTDOWN_DIGEST_DIFFERS(1)
        {
            @Override
            Path apply(final DataDirectoryLayout layout) throws IOException
            {
                final CleanShutdownFile clean = CleanShutdownFile.read(layout.cleanShutdown(ISLAND));
                writeCleanShutdown(layout, clean.sequence(), "0123456789abcdef0123456789abcdef");
                return layout.journal(ISLAND);
            }
        },
        UNREADABLE_CLEAN_SHUTDOWN(2)
        {
            @Override
            Path apply(final DataDirectoryLayout layout) throws IOException
            {
                Files.writeString(layout.cleanShutdown(ISLAND), "not a clean-shutdown record\n",
                    StandardCharsets.UTF_8);
                return layout.cleanShutdown(ISLAND);
            }
        },
        UNREADABLE_MANIFEST(2)
        {
            @Override
            Path apply(final DataDirectoryLayout layout) throws IOException
            {
                Files.writeString(layout.manifest(), "not a manifest\n", StandardCharsets.UTF_8);
                return layout.manifest();
            }

            @Override
            String subject()
            {
                return "";
            }
        },
        HIDDEN_TAIL(2)
        {
            @Override
            Path apply(final DataDirectoryLayout layout) throws IOException
            {
                zeroHeaderOfSecondToLastRecord(layout.journal(ISLAND));
                return layout.journal(ISLAND);
            }
        },
        DELETED_JOURNAL_DIRECTORY(2)
        {
            @Override
            Path apply(final DataDirectoryLayout layout) throws IOException
            {
                final Path journal = layout.journal(ISLAND);
                try (Stream<Path> paths = Files.walk(journal))
                {
                    for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
                    {
                        Files.delete(path);
                    }
                }
                return journal;
            }
        };

        /**
         * @param layout a copy of the demo directory.
         * @return the file or directory a refusal must name.
         * @throws IOException when the damage cannot be written.
         */
        private final int verifyExitCode;

        /**
         * @param verifyExitCode what {@code replay --verify} exits with: 1 (a failed check) where records are missing
         *                       or the state differs, 2 where a file cannot be read.
         */
        Damage(final int verifyExitCode)
        {
            this.verifyExitCode = verifyExitCode;
        }

        abstract Path apply(DataDirectoryLayout layout) throws IOException;

        /**
         * @return what a refusal must name besides the file: the island, or nothing for the manifest, which is one
         *         file for every island and is refused before any island is loaded.
         */
        String subject()
        {
            return "island " + ISLAND;
        }
    }

    @BeforeAll
    static void writeDemoDirectory()
    {
        data = DemoDirectory.create(temp.resolve("demo"), 17);
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void shouldRefuseInTheEngineAndInReplayVerify(final Damage damage) throws IOException
    {
        final Path forTool = DemoDirectory.copy(data, temp.resolve(damage.name() + "-tool"));
        final Path forEngine = DemoDirectory.copy(data, temp.resolve(damage.name() + "-engine"));
        final Path file = damage.apply(new DataDirectoryLayout(forTool));
        damage.apply(new DataDirectoryLayout(forEngine));
        final String island = damage.subject();

        final CliRun run = CliRun.of("replay", "--data", forTool.toString(), "--verify");
        final Exception engine = assertThrows(Exception.class, () -> Archipelago.open(ArchipelagoConfig.builder()
            .partitions(DemoDirectory.PARTITIONS)
            .dataDirectory(forEngine)
            .build()).close());

        final String engineLine = engine.getMessage().lines().findFirst().orElse("");
        final String engineFile = file.toString().replace(forTool.toString(), forEngine.toString());
        assertTrue(engineLine.contains(island) && engineLine.contains(engineFile),
            "engine names " + island + " and " + engineFile + ": " + engineLine);

        assertEquals(damage.verifyExitCode, run.exitCode(), run::toString);
        final String toolLine = run.err().lines().findFirst().orElse("");
        final String sameLine = engineLine.replace(forEngine.toString(), forTool.toString());
        assertTrue(toolLine.endsWith(sameLine) || (toolLine.contains(island) && toolLine.contains(file.toString())),
            "replay --verify names " + island + " and " + file + " as the engine did (" + engineLine + "): " + run);
        assertFalse(run.err().contains("\tat "), run::toString);
    }

    private static void writeCleanShutdown(final DataDirectoryLayout layout, final long sequence,
        final String digest) throws IOException
    {
        Files.writeString(layout.cleanShutdown(ISLAND), "sequence=" + sequence + "\ndigest=" + digest + "\n",
            StandardCharsets.UTF_8);
    }

    /**
     * Zeroes the excerpt header of the journal's second-to-last document, so Chronicle would take the journal to end
     * before it: the last record is then hidden behind a damaged header.
     */
    private static void zeroHeaderOfSecondToLastRecord(final Path journal) throws IOException
    {
        final List<Long> headers = new ArrayList<>();
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(journal).readOnly(true).build();
            ExcerptTailer tailer = queue.createTailer().toEnd())
        {
            final long lastCycle = tailer.cycle();
            tailer.toStart();
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    if (tailer.cycle() == lastCycle)
                    {
                        headers.add(dc.wire().bytes().readPosition() - 4);
                    }
                }
            }
        }
        assertTrue(headers.size() >= 2, "records after the snapshot in " + journal);
        final Path file;
        try (Stream<Path> files = Files.list(journal))
        {
            file = files.filter(path -> path.toString().endsWith(".cq4")).max(Comparator.naturalOrder()).orElseThrow();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0),
                headers.get(headers.size() - 2));
        }
    }
}
