package io.archipelago.engine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process killed while appending leaves the last journal document unfinished: Chronicle's header still says "not
 * complete" and only some of the bytes are there. Recovery must drop that record, keep every earlier one, and go on
 * appending where it left off. A child JVM ({@link TornWriter}) halts in the middle of the append: by default after
 * each of the first 9 bytes, every 9th byte and the last 3 (each a JVM start, so about 20); with
 * {@code -Dtorn.everyByte=true} after every byte of the record.
 */
class TornRecordTest
{
    private static final String LAST_LOGIN = "zz-torn-record";

    @TempDir
    Path dir;

    @Test
    void shouldDropATornLastRecordAtEveryByteAndKeepEverythingBefore() throws IOException
    {
        final Path pristine = dir.resolve("pristine");
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(1).dataDirectory(pristine)
            .ringSize(64).snapshotEveryRecords(0).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            engine.createProduct(1, 100).join();
            for (int i = 0; i < 5; i++)
            {
                assertEquals(ResultCode.CONFIRMED, engine.placeOrder("user-" + i, i, new OrderLine(1, 1)).join());
            }
        }
        Files.delete(new DataDirectoryLayout(pristine).cleanShutdown(0));

        final int recordLength = RecordDescriptor.HEADER_LENGTH + RecordDescriptor.PLACE_ORDER_FIXED_LENGTH +
            RecordDescriptor.ORDER_LINE_LENGTH + LAST_LOGIN.length();
        final boolean everyByte = Boolean.getBoolean("torn.everyByte");
        for (int tornAt = 0; tornAt <= recordLength; tornAt++)
        {
            if (!everyByte && tornAt > 8 && tornAt % 9 != 0 && tornAt < recordLength - 2)
            {
                continue;
            }
            final Path copy = dir.resolve("torn-" + tornAt);
            copyTree(pristine, copy);
            tearInChildProcess(new DataDirectoryLayout(copy).journal(0), tornAt);
            final ArchipelagoConfig tornConfig = ArchipelagoConfig.builder().partitions(1).dataDirectory(copy)
                .ringSize(64).snapshotEveryRecords(0).build();
            try (Archipelago engine = Archipelago.open(tornConfig))
            {
                assertEquals(7, engine.recovery().get(0).records(),
                    "torn at " + tornAt + ": the policy record and the 6 earlier kept");
                assertEquals(OrderState.UNKNOWN, engine.orderStatus(LAST_LOGIN, 99).join().state(),
                    "torn at " + tornAt + ": the torn order is gone");
                assertEquals(OrderState.CONFIRMED, engine.orderStatus("user-4", 4).join().state());
                assertEquals(ResultCode.CONFIRMED, engine.placeOrder("after", 1, new OrderLine(1, 1)).join(),
                    "torn at " + tornAt + ": appends after recovery");
            }
            try (Archipelago engine = Archipelago.open(tornConfig))
            {
                assertTrue(engine.recovery().get(0).verified(), "torn at " + tornAt + ": clean after the repair");
                assertEquals(OrderState.CONFIRMED, engine.orderStatus("after", 1).join().state(),
                    "torn at " + tornAt + ": the order appended after recovery survives");
                assertEquals(6, engine.productView(1).join().sold());
            }
            deleteTree(copy);
        }
    }

    /**
     * A batch of records shares one document: killed while writing it, the whole batch is gone (none of its
     * replies left the island) and every earlier record stays, also when the torn document is far longer than one
     * record.
     */
    @Test
    void shouldDropATornBatchWholeAndKeepEverythingBefore() throws IOException
    {
        final Path pristine = dir.resolve("pristine");
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(1).dataDirectory(pristine)
            .ringSize(64).snapshotEveryRecords(0).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            engine.createProduct(1, 1_000).join();
            for (int i = 0; i < 5; i++)
            {
                assertEquals(ResultCode.CONFIRMED, engine.placeOrder("user-" + i, i, new OrderLine(1, 1)).join());
            }
        }
        Files.delete(new DataDirectoryLayout(pristine).cleanShutdown(0));
        final int perRecord = RecordDescriptor.HEADER_LENGTH + RecordDescriptor.PLACE_ORDER_FIXED_LENGTH +
            RecordDescriptor.ORDER_LINE_LENGTH + LAST_LOGIN.length() + 4;
        final int longest = RecordDescriptor.MAX_DOCUMENT_LENGTH / perRecord - 1;
        for (final int[] torn : new int[][] {{1, 0}, {1, 30}, {12, 5}, {120, 1}, {longest, 20}})
        {
            final Path copy = dir.resolve("batch-" + torn[0] + "-" + torn[1]);
            copyTree(pristine, copy);
            tearInChildProcess(new DataDirectoryLayout(copy).journal(0), torn[1], torn[0]);
            final ArchipelagoConfig tornConfig = ArchipelagoConfig.builder().partitions(1).dataDirectory(copy)
                .ringSize(64).snapshotEveryRecords(0).build();
            try (Archipelago engine = Archipelago.open(tornConfig))
            {
                assertEquals(7, engine.recovery().get(0).records(), "batch of " + torn[0] + " torn: the policy " +
                    "record and the 6 earlier kept");
                assertEquals(OrderState.UNKNOWN, engine.orderStatus(LAST_LOGIN + "-0", 1_000).join().state());
                assertEquals(OrderState.CONFIRMED, engine.orderStatus("user-4", 4).join().state());
                assertEquals(ResultCode.CONFIRMED, engine.placeOrder("after", 1, new OrderLine(1, 1)).join());
            }
            try (Archipelago engine = Archipelago.open(tornConfig))
            {
                assertTrue(engine.recovery().get(0).verified(), "clean after the repair");
                assertEquals(6, engine.productView(1).join().sold());
            }
            deleteTree(copy);
        }
    }

    private static void tearInChildProcess(final Path journal, final int bytes) throws IOException
    {
        tearInChildProcess(journal, bytes, 0);
    }

    private static void tearInChildProcess(final Path journal, final int bytes, final int wholeRecords)
        throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(arg -> arg.startsWith("--add-") || arg.startsWith("-Dchronicle")).toList());
        command.addAll(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
            TornWriter.class.getName(), journal.toString(), "7", LAST_LOGIN, Integer.toString(bytes),
            Integer.toString(wholeRecords)));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try
        {
            assertEquals(0, process.waitFor(), output);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException(ex);
        }
        assertTrue(output.contains("TORN " + bytes), output);
    }

    private static void deleteTree(final Path root) throws IOException
    {
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path path : walk.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
    }

    private static void copyTree(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> walk = Files.walk(from))
        {
            for (final Path source : walk.sorted(Comparator.naturalOrder()).toList())
            {
                final Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(source, target);
                }
            }
        }
    }
}
