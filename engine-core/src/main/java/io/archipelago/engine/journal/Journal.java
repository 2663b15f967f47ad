package io.archipelago.engine.journal;

import java.nio.file.Files;

import io.archipelago.engine.codec.RecordDescriptor;
import java.nio.file.Path;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.TableStore;
import net.openhft.chronicle.queue.impl.table.Metadata;
import net.openhft.chronicle.queue.impl.table.SingleTableBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * One island's journal: a Chronicle Queue holding every input the island applied, as records laid out by
 * {@link io.archipelago.engine.codec.RecordDescriptor}, one record or a batch of them per document, each document framed
 * as a Chronicle Wire field ({@link JournalFrameDescriptor}) so that Chronicle's own tools print it. Appends come from
 * the island's thread only; a {@link JournalReader} reads from any one thread.
 * <p>
 * The roll cycle is fixed when the queue is created ({@link RollCycles#FAST_DAILY}); Chronicle records it in the
 * queue's metadata, so an existing queue keeps its own.
 */
public final class Journal implements RecordSink, AutoCloseable
{
    static
    {
        ChronicleSettings.apply();
    }

    private static final DocumentWriter DIRECT_WRITER = (target, record, length) -> target.write(record, 0, length);

    /** Chronicle's own metadata file in a queue directory; a damaged one makes Chronicle fall back to read-only. */
    static final String CHRONICLE_METADATA = "metadata.cq4t";

    private final int island;
    private final Path directory;
    private final ChronicleQueue queue;
    private ExcerptAppender appender;
    /** The document the records of the current batch go into, or {@code null}. */
    private DocumentContext batch;
    /** Position of the batch's frame in its document. */
    private long batchFrame;
    private int batchBytes;
    /** Records added since the last commit were rolled back with their document: the next commit must fail. */
    private JournalWriteException batchLost;

    private Journal(final int island, final Path directory, final ChronicleQueue queue)
    {
        this.island = island;
        this.directory = directory;
        this.queue = queue;
    }

    /**
     * Opens (creating if needed) an island's journal for appending and reading. Chronicle falls back to a read-only
     * queue, with only a warning, when it cannot map its files for writing or its metadata is damaged; an appender is
     * created and closed at once to find that out here rather than at the first append.
     *
     * @param island    the island's index (for messages).
     * @param directory the journal directory.
     * @return the journal.
     */
    public static Journal open(final int island, final Path directory)
    {
        ChronicleSettings.requireWriteAccess("island " + island + ": journal " + directory);
        try
        {
            Files.createDirectories(directory);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException("cannot create journal directory " + directory, ex);
        }
        final ChronicleQueue queue;
        try
        {
            queue = ChronicleQueue.singleBuilder(directory).rollCycle(RollCycles.FAST_DAILY).build();
        }
        catch (final RuntimeException | InternalError | StackOverflowError ex)
        {
            throw unopenable(island, directory, ex);
        }
        try
        {
            queue.createAppender().close();
        }
        catch (final IllegalStateException ex)
        {
            queue.close();
            throw unopenable(island, directory, ex);
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            if (!ex.getClass().getName().startsWith("net.openhft."))
            {
                throw ex;
            }
        }
        return new Journal(island, directory, queue);
    }

    /**
     * Opens an existing journal for reading only; nothing in the directory is written.
     *
     * @param island    the island's index (for messages).
     * @param directory the journal directory, which must exist.
     * @return the journal.
     */
    public static Journal openReadOnly(final int island, final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            throw new IllegalArgumentException("island " + island + ": no journal at " + directory);
        }
        final ChronicleQueue queue;
        try
        {
            queue = ChronicleQueue.singleBuilder(directory).readOnly(true).build();
        }
        catch (final RuntimeException | InternalError | StackOverflowError ex)
        {
            throw unopenable(island, directory, ex);
        }
        final Path metadata = directory.resolve(CHRONICLE_METADATA);
        if (Files.exists(metadata))
        {
            try (TableStore<?> table = SingleTableBuilder.binary(metadata, Metadata.NoMeta.INSTANCE).readOnly(true)
                .build())
            {
                table.metadata();
            }
            catch (final RuntimeException | InternalError | StackOverflowError ex)
            {
                queue.close();
                throw unopenable(island, directory, ex);
            }
        }
        return new Journal(island, directory, queue);
    }

    /**
     * Chronicle refuses a damaged queue directory (its metadata.cq4t above all) with its own exceptions, which name
     * neither the island nor always the file: one line naming both instead.
     */
    private static IllegalStateException unopenable(final int island, final Path directory,
        final Throwable cause)
    {
        final String problem = String.valueOf(cause.getMessage()).replaceAll("\\s+", " ");
        return new IllegalStateException("island " + island + ": journal " + directory + " cannot be opened (" +
            cause.getClass().getSimpleName() + ": " + problem + "); its metadata.cq4t or queue files are damaged",
            cause);
    }

    /**
     * @return the island this journal belongs to.
     */
    public int island()
    {
        return island;
    }

    /**
     * @return the journal directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * Appends one record; when this returns, the record's document is closed and survives a crash of the process.
     * Island thread only.
     * <p>
     * Chronicle writes through a memory-mapped file, so a device that runs out of space shows as an
     * {@link InternalError} (the JVM's answer to {@code SIGBUS}) rather than an {@link java.io.IOException}. When
     * writing the document fails the document is rolled back, never closed with part of the record in it, and the
     * failure is thrown as a {@link JournalWriteException}: the record is not in the journal and the journal stays
     * readable.
     *
     * @param bytes  the record.
     * @param length its length.
     * @return the Chronicle index of the record.
     * @throws JournalWriteException when the record could not be written; nothing of it is committed.
     * @throws IllegalArgumentException when the record is longer than a document holds
     *                                  ({@link RecordDescriptor#MAX_DOCUMENT_LENGTH}).
     */
    @Override
    public long append(final byte[] bytes, final int length)
    {
        return append(bytes, length, DIRECT_WRITER);
    }

    long append(final byte[] bytes, final int length, final DocumentWriter writer)
    {
        if (length > RecordDescriptor.MAX_DOCUMENT_LENGTH)
        {
            throw new IllegalArgumentException("island " + island + ": a journal document holds at most " +
                RecordDescriptor.MAX_DOCUMENT_LENGTH + " bytes of records, not " + length);
        }
        if (null != batch)
        {
            commit();
        }
        try
        {
            ExcerptAppender appender = this.appender;
            if (null == appender)
            {
                appender = queue.createAppender();
                this.appender = appender;
            }
            final DocumentContext dc = appender.writingDocument();
            try
            {
                final Bytes<?> target = dc.wire().bytes();
                final long frame = JournalFrameDescriptor.openFrame(target);
                writer.write(target, bytes, length);
                JournalFrameDescriptor.closeFrame(target, frame);
            }
            catch (final RuntimeException | Error ex)
            {
                rollBack(dc, ex);
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

    /**
     * Adds a record to the batch's document, opening one (and writing its frame) if needed; it is durable once
     * {@link #commit()} returned.
     * Island thread only. When writing fails, the document is rolled back with every record of the batch in it, the
     * failure is thrown, and the next {@link #commit()} throws it again: none of the batch's records is in the journal.
     *
     * @param bytes  the record.
     * @param length its length.
     * @return -1: the record's position is known at {@link #commit()}.
     * @throws JournalWriteException when the record could not be written.
     * @throws IllegalStateException when the batch has no room for the record (callers commit before
     *                               {@link RecordDescriptor#MAX_DOCUMENT_LENGTH} is reached).
     */
    @Override
    public long add(final byte[] bytes, final int length)
    {
        return add(bytes, length, DIRECT_WRITER);
    }

    /**
     * @param length a record's length.
     * @return true when the batch's document has room for the record ({@link RecordDescriptor#MAX_DOCUMENT_LENGTH}).
     */
    @Override
    public boolean hasRoomFor(final int length)
    {
        return batchBytes + length <= RecordDescriptor.MAX_DOCUMENT_LENGTH;
    }

    long add(final byte[] bytes, final int length, final DocumentWriter writer)
    {
        if (!hasRoomFor(length))
        {
            throw new IllegalStateException("island " + island + ": a journal document holds at most " +
                RecordDescriptor.MAX_DOCUMENT_LENGTH + " bytes of records; commit first");
        }
        try
        {
            if (null == batch)
            {
                if (null == appender)
                {
                    appender = queue.createAppender();
                }
                batch = appender.writingDocument();
                batchBytes = 0;
                batchFrame = JournalFrameDescriptor.openFrame(batch.wire().bytes());
            }
            writer.write(batch.wire().bytes(), bytes, length);
            batchBytes += length;
            return -1;
        }
        catch (final RuntimeException | Error ex)
        {
            if (null != batch)
            {
                rollBack(batch, ex);
                batch = null;
                batchBytes = 0;
            }
            final JournalWriteException failure = JournalWriteException.of(island, directory, ex);
            batchLost = failure;
            throw failure;
        }
    }

    /**
     * Fills in the length of the batch's frame and closes its document. Island thread only.
     *
     * @return the Chronicle index of the document closed, or -1 when none was open.
     * @throws JournalWriteException when records of the batch were rolled back by a failed write, or closing failed
     *                               (the document is rolled back then): none of the batch's records is in the journal.
     */
    @Override
    public long commit()
    {
        if (null != batchLost)
        {
            throw batchLost;
        }
        if (null == batch)
        {
            return -1;
        }
        final DocumentContext dc = batch;
        batch = null;
        batchBytes = 0;
        try
        {
            JournalFrameDescriptor.closeFrame(dc.wire().bytes(), batchFrame);
            dc.close();
            return appender.lastIndexAppended();
        }
        catch (final RuntimeException | Error ex)
        {
            rollBack(dc, ex);
            batchLost = JournalWriteException.of(island, directory, ex);
            throw batchLost;
        }
    }

    /**
     * Rolls back the batch's document, if one is open, after a failure that may have left a record in it written in
     * part; the next {@link #commit()} throws.
     *
     * @param cause the failure.
     * @return the failure as a journal write failure (naming the device when it is full).
     */
    public JournalWriteException abandonBatch(final Throwable cause)
    {
        if (null != batch)
        {
            rollBack(batch, cause);
            batch = null;
            batchBytes = 0;
        }
        final JournalWriteException failure = cause instanceof JournalWriteException written ? written :
            JournalWriteException.of(island, directory, cause);
        if (null == batchLost)
        {
            batchLost = failure;
        }
        return failure;
    }

    private static void rollBack(final DocumentContext dc, final Throwable cause)
    {
        try
        {
            dc.rollbackOnClose();
            dc.close();
        }
        catch (final RuntimeException | Error ex)
        {
            cause.addSuppressed(ex);
        }
    }

    /**
     * Forces appended records to the storage device. Island thread only.
     */
    @Override
    public void sync()
    {
        commit();
        if (null != appender)
        {
            appender.sync();
        }
    }

    /**
     * Closes the appender; call on the thread that appended.
     */
    public void closeAppender()
    {
        if (null != batch)
        {
            rollBack(batch, new IllegalStateException("closed with a batch open"));
            batch = null;
            batchBytes = 0;
        }
        if (null != appender)
        {
            appender.close();
            appender = null;
        }
    }

    /**
     * @return a reader positioned at the start of the journal.
     */
    public JournalReader reader()
    {
        return new JournalReader(island, directory.toString(), queue.createTailer(), queue::firstIndex,
            queue::lastIndex);
    }

    @Override
    public void close()
    {
        queue.close();
    }

    /**
     * Writes a record's bytes into an open document; the one step of an append that touches the mapped file with
     * the record. Tests replace it to fail part-way.
     */
    @FunctionalInterface
    interface DocumentWriter
    {
        void write(Bytes<?> target, byte[] record, int length);
    }

    static int readInto(final DocumentContext dc, final byte[] target)
    {
        final Bytes<?> bytes = dc.wire().bytes();
        final long remaining = bytes.readRemaining();
        if (remaining > target.length)
        {
            return -1;
        }
        final int length = (int)remaining;
        bytes.read(target, 0, length);
        return length;
    }
}
