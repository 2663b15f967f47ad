package io.archipelago.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.archipelago.engine.recovery.DataDirectoryLayout;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ChronicleReaderMain;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.reader.ChronicleReader;
import net.openhft.chronicle.wire.DocumentContext;
import org.apache.commons.cli.CommandLine;
import org.junit.jupiter.api.Test;

/**
 * Chronicle's own reader, {@code ChronicleReaderMain}, prints every island journal of a directory the {@code demo}
 * command wrote, one entry per document, without an exception.
 */
class ChronicleReaderDemoTest extends DemoDirectoryTest
{
    private static final Pattern INDEX = Pattern.compile("^0x[0-9a-f]+: ?$");

    @Test
    void shouldPrintEveryIslandJournalOfADemoDirectory()
    {
        final DataDirectoryLayout layout = new DataDirectoryLayout(data);
        long documents = 0;
        for (int island = 0; island < DemoDirectory.PARTITIONS; island++)
        {
            final Path journal = layout.journal(island);
            final List<String> printed = new ArrayList<>();
            new CapturingReaderMain(printed).read(journal);
            final long entries = printed.stream().flatMap(message -> message.lines())
                .filter(line -> INDEX.matcher(line).matches()).count();
            final long written = documentsIn(journal);
            assertEquals(written, entries, "island " + island + ": one printed entry per document");
            assertTrue(printed.stream().allMatch(message -> !message.contains("Exception")), "island " + island);
            documents += written;
        }
        assertTrue(documents >= DemoDirectory.PARTITIONS, "every island journaled something: " + documents);
    }

    private static long documentsIn(final Path journal)
    {
        long count = 0;
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(journal).readOnly(true).build();
            ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return count;
                    }
                    count++;
                }
            }
        }
    }

    private static final class CapturingReaderMain extends ChronicleReaderMain
    {
        private final List<String> printed;

        CapturingReaderMain(final List<String> printed)
        {
            this.printed = printed;
        }

        void read(final Path journal)
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
