package io.archipelago.engine.codec;

/**
 * The decoded header of a journal record (see {@link RecordDescriptor}). Mutable and reused.
 */
public final class RecordHeader
{
    int checksum;
    int version;
    int type;
    int length;
    int source;
    long sequence;
    long timestamp;
    long sourceSequence;

    /**
     * @return the record's stored checksum (CRC32C of its bytes after the checksum): a fingerprint of the record.
     */
    public int checksum()
    {
        return checksum;
    }

    /**
     * @return the format version the record was written with.
     */
    public int version()
    {
        return version;
    }

    /**
     * @return the record type code.
     */
    public int type()
    {
        return type;
    }

    /**
     * @return the record's total length in bytes.
     */
    public int length()
    {
        return length;
    }

    /**
     * @return -1 for a client, -2 for a timer, else the sending island.
     */
    public int source()
    {
        return source;
    }

    /**
     * @return the island's dense sequence number of this record.
     */
    public long sequence()
    {
        return sequence;
    }

    /**
     * @return the journaled time, epoch milliseconds: the logic's "now" for this record.
     */
    public long timestamp()
    {
        return timestamp;
    }

    /**
     * @return the link sequence for records from another island, else 0.
     */
    public long sourceSequence()
    {
        return sourceSequence;
    }

    @Override
    public String toString()
    {
        return "seq=" + sequence + " ts=" + timestamp + " type=" + type + " source=" + source +
            (sourceSequence != 0 ? "#" + sourceSequence : "") + " len=" + length + " v" + version;
    }
}
