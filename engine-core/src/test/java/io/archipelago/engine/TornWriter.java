package io.archipelago.engine;

import java.nio.file.Path;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.journal.ChronicleSettings;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Run in its own JVM by {@link TornRecordTest}: starts appending one more record to a journal, writes only its first
 * bytes, and halts the JVM with the document open, exactly as a {@code kill -9} in the middle of an append leaves it.
 */
final class TornWriter
{
    private TornWriter()
    {
    }

    /**
     * @param args journal directory, island sequence of the record, login, bytes to write before halting.
     */
    public static void main(final String[] args)
    {
        ChronicleSettings.apply();
        final Path journal = Path.of(args[0]);
        final long sequence = Long.parseLong(args[1]);
        final String login = args[2];
        final int written = Integer.parseInt(args[3]);
        final RecordCodec codec = new RecordCodec();
        final int length = codec.encode(new Command().placeOrder(login, 99).addLine(1, 1).timeoutMillis(2_000),
            sequence, System.currentTimeMillis(), RecordDescriptor.SOURCE_CLIENT, 0);
        final ChronicleQueue queue = ChronicleQueue.singleBuilder(journal).build();
        final ExcerptAppender appender = queue.createAppender();
        final DocumentContext dc = appender.writingDocument();
        dc.wire().bytes().write(codec.bytes(), 0, Math.min(written, length));
        System.out.println("TORN " + written + " of " + length);
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
