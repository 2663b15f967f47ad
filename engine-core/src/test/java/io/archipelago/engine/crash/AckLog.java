package io.archipelago.engine.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker's acknowledgement log: an append-only text file of results its client received, shared by every run of
 * the worker on one data directory.
 * <p>
 * A line is handed to the operating system (one {@code write} per batch of lines) only after the result it records
 * was received, so every line in the file is a result the client really saw. Lines still queued when the worker is
 * killed are lost, which is allowed: the check is that what was acknowledged survives, not that everything was
 * acknowledged. {@code SIGKILL} does not lose what {@code write} handed the kernel, so no {@code force} is needed;
 * the journal's own durability mode makes the same assumption.
 * <pre>
 *   island thread --listener--> acknowledge(line) --> [queue] --> writer thread --write--> file
 *   restock thread ---------------------------------> intend(line) ----------------write--> file (before submitting)
 * </pre>
 */
final class AckLog implements AutoCloseable
{
    private final FileChannel channel;
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final AtomicLong written = new AtomicLong();
    private volatile boolean running = true;
    private volatile IOException failure;

    private AckLog(final FileChannel channel)
    {
        this.channel = channel;
        this.writer = new Thread(this::drain, "ack-log-writer");
        this.writer.setDaemon(true);
    }

    /**
     * Opens the log for appending. A line a previous run was writing when it was killed (no line feed yet) is cut
     * off, so the new run's lines start on a line of their own.
     *
     * @param file the log.
     * @return the open log with its writer thread running.
     */
    static AckLog openForAppend(final Path file)
    {
        try
        {
            final FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
            channel.truncate(completeLength(file));
            final AckLog log = new AckLog(channel);
            log.writer.start();
            return log;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open acknowledgement log " + file, ex);
        }
    }

    /**
     * Queues a line recording a result that was received. Never blocks; callable from an island thread.
     *
     * @param line the line, without a line feed.
     */
    void acknowledge(final String line)
    {
        queue.add(line);
    }

    /**
     * Writes a line at once, before the caller goes on.
     *
     * @param line the line, without a line feed.
     */
    void intend(final String line)
    {
        try
        {
            write(line + '\n');
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return lines written so far by this process.
     */
    long written()
    {
        return written.get();
    }

    private void drain()
    {
        final List<String> batch = new ArrayList<>();
        final StringBuilder text = new StringBuilder(64 * 1024);
        try
        {
            while (running || !queue.isEmpty())
            {
                final String first = queue.poll(10, TimeUnit.MILLISECONDS);
                if (null == first)
                {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch);
                for (final String line : batch)
                {
                    text.append(line).append('\n');
                }
                write(text.toString());
                batch.clear();
                text.setLength(0);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final IOException ex)
        {
            failure = ex;
        }
    }

    private void write(final String text) throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining())
        {
            channel.write(buffer);
        }
        written.addAndGet(text.chars().filter(c -> c == '\n').count());
    }

    /**
     * Writes what is queued and closes the file.
     */
    @Override
    public void close()
    {
        running = false;
        try
        {
            writer.join(TimeUnit.SECONDS.toMillis(10));
            channel.close();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        if (null != failure)
        {
            throw new UncheckedIOException("acknowledgement log write failed", failure);
        }
    }

    /**
     * Reads every complete line of a log; a last line without its line feed (cut by a kill) is left out.
     *
     * @param file the log.
     * @return the parsed lines, in file order.
     * @throws IllegalArgumentException naming the first malformed line.
     */
    static List<AckLine> read(final Path file)
    {
        final List<AckLine> lines = new ArrayList<>();
        if (!Files.exists(file))
        {
            return lines;
        }
        try
        {
            final String content = Files.readString(file, StandardCharsets.UTF_8);
            final int end = content.lastIndexOf('\n');
            if (end < 0)
            {
                return lines;
            }
            int number = 0;
            for (final String text : content.substring(0, end).split("\n", -1))
            {
                lines.add(AckLine.parse(++number, text));
            }
            return lines;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read acknowledgement log " + file, ex);
        }
    }

    private static long completeLength(final Path file) throws IOException
    {
        final byte[] content = Files.readAllBytes(file);
        int length = content.length;
        while (length > 0 && content[length - 1] != '\n')
        {
            length--;
        }
        return length;
    }
}
