package io.archipelago.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.codec.RecordHeader;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalReader;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.router.PartitionRouter;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ChronicleReaderMain;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.reader.ChronicleReader;
import net.openhft.chronicle.wire.DocumentContext;
import org.apache.commons.cli.CommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chronicle's own {@code ChronicleReaderMain} prints every island journal of a real engine directory (several islands,
 * batches of records per document, transfers between islands): one entry per document, each the document's index and
 * {@code r: !!binary} with its records in Base64, which decode to exactly the records the engine's reader reads.
 */
class ChronicleReaderTest
{
    private static final int ISLANDS = 4;
    private static final long SCARCE = 21;
    private static final long PLENTY = 22;
    private static final int ORDERS = 3_000;
    private static final Pattern INDEX = Pattern.compile("^0x([0-9a-f]+): ?$");
    private static final String FIELD = "r: !!binary";

    @TempDir
    Path dir;

    @Test
    void shouldPrintOneEntryPerDocumentOfEveryIslandJournal() throws Exception
    {
        writeEngineDirectory();
        final DataDirectoryLayout layout = new DataDirectoryLayout(dir);
        long allDocuments = 0;
        long allRecords = 0;
        for (int island = 0; island < ISLANDS; island++)
        {
            final Path journal = layout.journal(island);
            final List<Long> documents = documentIndexes(journal);
            final List<String> printed = new ArrayList<>();
            new CapturingReaderMain(printed).run(journal);

            final List<Long> printedIndexes = new ArrayList<>();
            final List<StringBuilder> printedValues = new ArrayList<>();
            for (final String message : printed)
            {
                for (final String line : message.split("\n"))
                {
                    final Matcher index = INDEX.matcher(line);
                    if (index.matches())
                    {
                        printedIndexes.add(Long.parseLong(index.group(1), 16));
                        printedValues.add(new StringBuilder());
                    }
                    else if (!line.isBlank())
                    {
                        assertFalse(printedValues.isEmpty(), "island " + island + ": text before any index: " + line);
                        printedValues.get(printedValues.size() - 1).append(line.strip());
                    }
                }
            }
            assertEquals(documents, printedIndexes, "island " + island + ": one entry per document, in order");

            final RecordCodec codec = new RecordCodec();
            final RecordHeader header = new RecordHeader();
            final Command command = new Command();
            long records = 0;
            for (int d = 0; d < printedValues.size(); d++)
            {
                final String value = printedValues.get(d).toString();
                assertTrue(value.startsWith(FIELD), "island " + island + ", document " + d + ": " + value);
                final byte[] bytes = Base64.getDecoder().decode(value.substring(FIELD.length()).strip());
                int at = 0;
                while (at < bytes.length)
                {
                    final int length = recordLength(bytes, at);
                    assertTrue(length >= RecordDescriptor.HEADER_LENGTH && at + length <= bytes.length,
                        "island " + island + ", document " + d + ": a record of " + length + " bytes at " + at);
                    System.arraycopy(bytes, at, codec.bytes(), 0, length);
                    codec.decode(length, header, command);
                    assertEquals(++records, header.sequence(), "island " + island + ": the printed records");
                    at += length;
                }
            }
            assertEquals(recordsRead(island, journal), records, "island " + island + ": every record printed");
            allDocuments += documents.size();
            allRecords += records;
        }
        assertTrue(allRecords > allDocuments + ORDERS / 2, "batches of records share documents: " + allRecords +
            " records in " + allDocuments + " documents");
    }

    private static int recordLength(final byte[] bytes, final int at)
    {
        final int offset = at + RecordDescriptor.LENGTH_OFFSET;
        return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8 | (bytes[offset + 2] & 0xFF) << 16 |
            (bytes[offset + 3] & 0xFF) << 24;
    }

    private void writeEngineDirectory() throws Exception
    {
        final PartitionRouter router = new PartitionRouter(ISLANDS);
        final List<String> crowded = new ArrayList<>();
        for (int i = 0; crowded.size() < 64; i++)
        {
            if (router.partitionOf("crowd-" + i) == 0)
            {
                crowded.add("crowd-" + i);
            }
        }
        try (Archipelago engine = Archipelago.open(ArchipelagoConfig.builder().partitions(ISLANDS).dataDirectory(dir)
            .ringSize(1024).islandThreads(2).build()))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(SCARCE, 4L * ORDERS).get(10, TimeUnit.SECONDS));
            assertEquals(ResultCode.CREATED, engine.createProduct(PLENTY, 100L * ORDERS).get(10, TimeUnit.SECONDS));
            final List<CompletableFuture<ResultCode>> results = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++)
            {
                results.add(i % 2 == 0 ?
                    engine.placeOrder(crowded.get(i % crowded.size()), i, new OrderLine(SCARCE, 3)) :
                    engine.placeOrder("user-" + i, i, new OrderLine(PLENTY, 1 + i % 4), new OrderLine(SCARCE, 1)));
            }
            for (final CompletableFuture<ResultCode> result : results)
            {
                assertEquals(ResultCode.CONFIRMED, result.get(60, TimeUnit.SECONDS));
            }
            assertTrue(engine.statistics().requestsSent() > 0, "island 0 asked the others for units");
        }
    }

    private static List<Long> documentIndexes(final Path journal)
    {
        final List<Long> indexes = new ArrayList<>();
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(journal).readOnly(true).build();
             ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return indexes;
                    }
                    indexes.add(dc.index());
                }
            }
        }
    }

    private static long recordsRead(final int island, final Path journal)
    {
        try (Journal opened = Journal.openReadOnly(island, journal); JournalReader reader = opened.reader())
        {
            long records = 0;
            while (reader.next())
            {
                records++;
            }
            return records;
        }
    }

    /**
     * {@code ChronicleReaderMain} as its {@code main} runs it, with {@code -d <journal>}, printing into a list instead
     * of {@code System.out}.
     */
    private static final class CapturingReaderMain extends ChronicleReaderMain
    {
        private final List<String> printed;

        CapturingReaderMain(final List<String> printed)
        {
            this.printed = printed;
        }

        void run(final Path journal)
        {
            run(new String[] {"-d", journal.toString()});
        }

        @Override
        protected void configureReader(final ChronicleReader reader, final CommandLine commandLine)
        {
            super.configureReader(reader, commandLine);
            reader.withMessageSink(printed::add);
        }
    }
}
