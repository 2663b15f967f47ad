package io.archipelago.engine.journal;

/**
 * Where an island appends its journal records: a Chronicle {@link Journal}, or memory in tests and the simulator.
 */
public interface RecordSink
{
    /**
     * Appends a record; when this returns the record survives a crash of the process.
     *
     * @param bytes  the record.
     * @param length its length.
     * @return a position (Chronicle index) of the record.
     */
    long append(byte[] bytes, int length);

    /**
     * Adds a record to the batch being written; it survives a crash of the process once {@link #commit()} returned.
     * Records of one batch may be lost together, never in part. By default the record is appended at once.
     *
     * @param bytes  the record.
     * @param length its length.
     * @return the record's position when it is already durable; -1 when it waits for {@link #commit()}.
     */
    default long add(final byte[] bytes, final int length)
    {
        return append(bytes, length);
    }

    /**
     * @param length a record's length.
     * @return true when {@link #add} can take the record into the batch being written; false when the batch must be
     *         committed first. Always true by default.
     */
    default boolean hasRoomFor(final int length)
    {
        return true;
    }

    /**
     * Makes every record added so far durable against a crash of the process.
     *
     * @return the position (Chronicle index) of the last record committed, or -1 when nothing waited.
     */
    default long commit()
    {
        return -1;
    }

    /**
     * Forces appended records to the storage device.
     */
    void sync();
}
