package io.archipelago.engine.journal;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordHeader;

/**
 * Journal records in order, decoded and verified.
 */
public interface RecordSource extends AutoCloseable
{
    /**
     * @return false at the end.
     * @throws CorruptJournalException when a record is damaged or out of sequence.
     */
    boolean next();

    /**
     * @return the header of the record last read.
     */
    RecordHeader header();

    /**
     * @return the input of the record last read (reused).
     */
    Command command();

    /**
     * @return true (the default) when a replay may read records before it has applied the ones read earlier (it
     *         reads a few ahead to overlap their cache misses); false for a source that looks at the state between
     *         records and needs each applied before the next is read.
     */
    default boolean allowsReadAhead()
    {
        return true;
    }

    /**
     * Releases what the source holds; reading after it is not allowed. Does nothing by default.
     */
    @Override
    default void close()
    {
    }
}
