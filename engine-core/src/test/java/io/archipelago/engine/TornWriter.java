package io.archipelago.engine;

import java.nio.file.Path;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.journal.ChronicleSettings;
import io.archipelago.engine.journal.JournalFrameDescriptor;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Run in its own JVM by {@link TornRecordTest}: starts appending one more document to a journal, writes its frame
 * (whose length is still unset, as the journal leaves it until the batch commits), whole records (a batch, optional)
 * and then only the first bytes of one more, and halts the JVM with the document open, exactly as a {@code kill -9} in
 * the middle of writing a batch leaves it.
 */
final class TornWriter
{
    private TornWriter()
    {
    }

    /**
     * @param args journal directory, island sequence of the first record, login, bytes of the last record to write
     *             before halting, and optionally how many whole records of the batch come before it.
     */
    public static void main(final String[] args)
    {
        ChronicleSettings.apply();
        final Path journal = Path.of(args[0]);
        final long sequence = Long.parseLong(args[1]);
        final String login = args[2];
        final int written = Integer.parseInt(args[3]);
        final int whole = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        final RecordCodec codec = new RecordCodec();
        final ChronicleQueue queue = ChronicleQueue.singleBuilder(journal).build();
        final ExcerptAppender appender = queue.createAppender();
        final DocumentContext dc = appender.writingDocument();
        JournalFrameDescriptor.openFrame(dc.wire().bytes());
        for (int i = 0; i < whole; i++)
        {
            final int length = codec.encode(new Command().placeOrder(login + "-" + i, 1_000 + i).addLine(1, 1)
                .timeoutMillis(2_000), sequence + i, System.currentTimeMillis(), RecordDescriptor.SOURCE_CLIENT, 0);
            dc.wire().bytes().write(codec.bytes(), 0, length);
        }
        final int length = codec.encode(new Command().placeOrder(login, 99).addLine(1, 1).timeoutMillis(2_000),
            sequence + whole, System.currentTimeMillis(), RecordDescriptor.SOURCE_CLIENT, 0);
        dc.wire().bytes().write(codec.bytes(), 0, Math.min(written, length));
        System.out.println("TORN " + written + " of " + length);
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
