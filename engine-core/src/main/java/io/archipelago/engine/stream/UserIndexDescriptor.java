package io.archipelago.engine.stream;

/**
 * Layout of one segment file of an island's user index ({@link UserIndex}): a header, then entries sorted by
 * (user hash, island sequence). A segment covers a run of island sequences {@code from..to} whole: every record in it
 * that concerns a user (the user's own input, or an input that decided one of the user's orders, holds or timers) has
 * one entry per user it concerns. All fields little-endian; each checksum is CRC32C.
 * <pre>
 *   Header (64 bytes)
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  magic "ARCHUIX1" (8 bytes)                   |  0
 *  +---------------------------------------------------------------+
 *  |            format version            |        island          |  8
 *  +---------------------------------------------------------------+
 *  |              from: first island sequence covered              | 16
 *  +---------------------------------------------------------------+
 *  |               to: last island sequence covered                | 24
 *  +---------------------------------------------------------------+
 *  |         journal index of the document holding record to       | 32
 *  +---------------------------------------------------------------+
 *  |  event log index of the document to read events on from, -1  | 40
 *  +---------------------------------------------------------------+
 *  |                         entry count                           | 48
 *  +-------------------------------+-------------------------------+
 *  | checksum field of record to   |   checksum of bytes 0..59     | 56
 *  +-------------------------------+-------------------------------+
 *
 *   Entry (40 bytes), from byte 64
 *  +---------------------------------------------------------------+
 *  |        user hash (UserIndex.hash of the login's UTF-8)        |  0
 *  +---------------------------------------------------------------+
 *  |                       island sequence                         |  8
 *  +---------------------------------------------------------------+
 *  |       journal index of the document holding the record        | 16
 *  +---------------------------------------------------------------+
 *  |  event log index of the document with the user's events, -1   | 24
 *  +-------------------------------+-------------------------------+
 *  |  flags (1 input, 2 events)    |     checksum of bytes 0..35   | 32
 *  +-------------------------------+-------------------------------+
 * </pre>
 * The file is written beside its final name and renamed into place (not forced: a segment a power failure left short
 * or zeroed fails its length or checksums and is built again); its length must be
 * {@code 64 + 40 * count}. The last record's own checksum field ties a segment to one journal: an index copied from
 * another directory, or left from a journal since replaced, does not match it. An entry is a pointer, never evidence: the reader checks the journal record or the events
 * it names are the user's.
 */
public final class UserIndexDescriptor
{
    /** "ARCHUIX1" as a little-endian long. */
    public static final long MAGIC = 0x3158495548435241L;
    /** The format this code writes and reads. */
    public static final int VERSION = 1;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 8;
    static final int ISLAND_OFFSET = 12;
    static final int FROM_OFFSET = 16;
    static final int TO_OFFSET = 24;
    static final int TO_JOURNAL_INDEX_OFFSET = 32;
    static final int TO_EVENT_INDEX_OFFSET = 40;
    static final int COUNT_OFFSET = 48;
    static final int TO_FINGERPRINT_OFFSET = 56;
    static final int HEADER_CHECKSUM_OFFSET = 60;
    /** Length of the header; entries start here. */
    public static final int HEADER_LENGTH = 64;

    static final int HASH_OFFSET = 0;
    static final int SEQUENCE_OFFSET = 8;
    static final int JOURNAL_INDEX_OFFSET = 16;
    static final int EVENT_INDEX_OFFSET = 24;
    static final int FLAGS_OFFSET = 32;
    static final int ENTRY_CHECKSUM_OFFSET = 36;
    /** Length of one entry. */
    public static final int ENTRY_LENGTH = 40;

    /** Flag: the record is the user's own input. */
    public static final int INPUT = 1;
    /** Flag: the record decided something of the user's (its events name the user). */
    public static final int EVENTS = 2;

    /** Segment files: {@code users-<from>-<to>.idx}, both 20 digits. */
    static final String PREFIX = "users-";
    static final String SUFFIX = ".idx";

    private UserIndexDescriptor()
    {
    }

    static String fileName(final long from, final long to)
    {
        return PREFIX + String.format(java.util.Locale.ROOT, "%020d-%020d", from, to) + SUFFIX;
    }
}
