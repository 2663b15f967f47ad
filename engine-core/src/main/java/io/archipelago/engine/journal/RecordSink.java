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
     * Forces appended records to the storage device.
     */
    void sync();
}
