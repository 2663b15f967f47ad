package io.archipelago.engine.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.archipelago.engine.journal.ChronicleSettings;
import io.archipelago.engine.journal.JournalWriteException;
import io.archipelago.engine.journal.RecordSink;
import io.archipelago.engine.model.Event;
import io.archipelago.engine.model.EventId;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * One island's event log: a Chronicle Queue beside its journal whose documents each hold the events one batch of
 * inputs decided ({@link EventDescriptor}). The island appends a batch once its inputs are journaled; readers in
 * this or other processes follow it with {@link Reader}. The log is derived from the journal: what a crash kept
 * from reaching it is decided again by replay and appended on reopen.
 */
public final class EventLog implements RecordSink, AutoCloseable
{
    static
    {
        ChronicleSettings.apply();
    }

    private final int island;
    private final Path directory;
    private final ChronicleQueue queue;
    private ExcerptAppender appender;

    private EventLog(final int island, final Path directory, final ChronicleQueue queue)
    {
        this.island = island;
        this.directory = directory;
        this.queue = queue;
    }

    /**
     * Opens (creating if needed) an island's event log for appending.
     *
     * @param island    the island.
     * @param directory the log's directory.
     * @return the log.
     */
    public static EventLog open(final int island, final Path directory)
    {
        ChronicleSettings.requireWriteAccess("island " + island + ": event log " + directory);
        try
        {
            Files.createDirectories(directory);
            return new EventLog(island, directory,
                ChronicleQueue.singleBuilder(directory).rollCycle(RollCycles.FAST_DAILY).build());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("island " + island + ": cannot create event log " + directory, ex);
        }
        catch (final RuntimeException | InternalError ex)
        {
            throw unopenable(island, directory, ex);
        }
    }

    /**
     * Opens an existing event log for reading only.
     *
     * @param island    the island.
     * @param directory the log's directory, which must exist.
     * @return the log.
     */
    public static EventLog openReadOnly(final int island, final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            throw new IllegalArgumentException("island " + island + ": no event log at " + directory);
        }
        try
        {
            return new EventLog(island, directory, ChronicleQueue.singleBuilder(directory).readOnly(true).build());
        }
        catch (final RuntimeException | InternalError ex)
        {
            throw unopenable(island, directory, ex);
        }
    }

    private static IllegalStateException unopenable(final int island, final Path directory, final Throwable cause)
    {
        return new IllegalStateException("island " + island + ": event log " + directory + " cannot be opened (" +
            cause.getClass().getSimpleName() + ": " + String.valueOf(cause.getMessage()).replaceAll("\\s+", " ") +
            ")", cause);
    }

    /**
     * @return the log's directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * Appends one batch of events as one document. Island thread only.
     *
     * @param bytes  the batch ({@link EventBatch#seal()}).
     * @param length its length.
     * @return the Chronicle index of the document.
     * @throws JournalWriteException when the document could not be written; nothing of it is committed.
     */
    @Override
    public long append(final byte[] bytes, final int length)
    {
        try
        {
            if (null == appender)
            {
                appender = queue.createAppender();
            }
            final DocumentContext dc = appender.writingDocument();
            try
            {
                dc.wire().bytes().write(bytes, 0, length);
            }
            catch (final RuntimeException | Error ex)
            {
                dc.rollbackOnClose();
                dc.close();
                throw ex;
            }
            dc.close();
            return appender.lastIndexAppended();
        }
        catch (final RuntimeException | Error ex)
        {
            throw JournalWriteException.of(island, directory, ex);
        }
    }

    @Override
    public void sync()
    {
        if (null != appender)
        {
            appender.sync();
        }
    }

    /**
     * @return the id of the last event in the log, or {@code null} when it holds none.
     * @throws CorruptEventException when the last document is damaged.
     */
    public EventId lastEventId()
    {
        try (ExcerptTailer tailer = queue.createTailer().direction(TailerDirection.BACKWARD).toEnd())
        {
            final EventDecoder decoder = new EventDecoder();
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return null;
                    }
                    final List<Event> events = decode(decoder, dc);
                    if (!events.isEmpty())
                    {
                        return events.get(events.size() - 1).id();
                    }
                }
            }
        }
    }

    private List<Event> decode(final EventDecoder decoder, final DocumentContext dc)
    {
        return decode(decoder, dc, -1);
    }

    private List<Event> decode(final EventDecoder decoder, final DocumentContext dc, final long sequence)
    {
        final Bytes<?> bytes = dc.wire().bytes();
        final int length = (int)bytes.readRemaining();
        final byte[] copy = decoder.scratch(length);
        bytes.read(copy, 0, length);
        try
        {
            return decoder.decode(island, copy, length, "", sequence);
        }
        catch (final CorruptEventException ex)
        {
            // Named only when it fails: building the name for every document cost a tenth of a lookup.
            throw new CorruptEventException("island " + island + ": event log " + directory + " index 0x" +
                Long.toHexString(dc.index()) + ex.getMessage());
        }
    }

    /**
     * @return a reader at the start of the log.
     */
    public Reader reader()
    {
        return new Reader(queue.createTailer());
    }

    /**
     * Closes the appender; call on the thread that appended.
     */
    public void closeAppender()
    {
        if (null != appender)
        {
            appender.close();
            appender = null;
        }
    }

    @Override
    public void close()
    {
        queue.close();
    }

    /**
     * Reads the log one document (one batch of events) at a time, from any one thread.
     */
    public final class Reader implements AutoCloseable
    {
        private final ExcerptTailer tailer;
        private final EventDecoder decoder = new EventDecoder();
        private long index = -1;

        private Reader(final ExcerptTailer tailer)
        {
            this.tailer = tailer;
        }

        /**
         * @return the events of the next document, or {@code null} at the end of the log (for now).
         * @throws CorruptEventException when the document is damaged.
         */
        public List<Event> next()
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return null;
                }
                index = dc.index();
                return decode(decoder, dc);
            }
        }

        /**
         * As {@link #next()}, keeping only the events one input caused (the others are not decoded).
         *
         * @param sequence the input's island sequence.
         * @return its events in the next document (possibly none), or {@code null} at the end of the log.
         */
        public List<Event> next(final long sequence)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return null;
                }
                index = dc.index();
                return decode(decoder, dc, sequence);
            }
        }

        /**
         * As {@link #next()}, passing each event's input sequence and login to {@code visitor} instead of decoding
         * it (nothing is made per event).
         *
         * @param visitor receives the events.
         * @return false at the end of the log.
         */
        public boolean next(final EventDecoder.LoginVisitor visitor)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return false;
                }
                index = dc.index();
                final Bytes<?> bytes = dc.wire().bytes();
                final int length = (int)bytes.readRemaining();
                final byte[] copy = decoder.scratch(length);
                bytes.read(copy, 0, length);
                try
                {
                    decoder.visitLogins(copy, length, "", visitor);
                }
                catch (final CorruptEventException ex)
                {
                    throw new CorruptEventException("island " + island + ": event log " + directory + " index 0x" +
                        Long.toHexString(index) + ex.getMessage());
                }
                return true;
            }
        }

        /**
         * @return the Chronicle index of the document read last, -1 before the first.
         */
        public long index()
        {
            return index;
        }

        /**
         * Moves to the document at {@code documentIndex}, so the next {@link #next()} reads it.
         *
         * @param documentIndex a Chronicle index from {@link #index()}.
         * @return false when the log holds no such document (the reader is then at the start).
         */
        public boolean moveTo(final long documentIndex)
        {
            if (tailer.moveToIndex(documentIndex))
            {
                return true;
            }
            tailer.toStart();
            return false;
        }

        /**
         * Moves to the start of the log.
         */
        public void toStart()
        {
            tailer.toStart();
        }

        /**
         * Moves to the last document written so far, so the next {@link #next()} reads it.
         *
         * @return false when the log holds no document.
         */
        public boolean toLast()
        {
            final long last = queue.lastIndex();
            return last >= 0 && tailer.moveToIndex(last);
        }

        @Override
        public void close()
        {
            tailer.close();
        }
    }
}
