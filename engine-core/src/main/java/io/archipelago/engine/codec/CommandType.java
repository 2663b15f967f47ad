package io.archipelago.engine.codec;

/**
 * Kinds of journaled input. The numeric {@link #code()} is part of the journal format and never changes meaning.
 */
public enum CommandType
{
    /** A product's creation; every island journals it and takes its own share of the units. */
    CREATE_PRODUCT(1),
    /** Units added to a product; every island journals it and takes its own share. */
    RESTOCK(2),
    /** A user's order at the user's island. */
    PLACE_ORDER(3),
    /** A user's cancellation of an order at the user's island. */
    CANCEL_ORDER(4),
    /** Journaled time reached a deadline the island scheduled; fires every timer due at the record's timestamp. */
    TICK(5),
    /** Link message: another island asks this one for units of a product. */
    TRANSFER_REQUEST(6),
    /** Link message: another island sends units in answer to this island's request. */
    TRANSFER_GRANT(7),
    /** Link message: another island has no units to spare for this island's request. */
    TRANSFER_DENIAL(8),
    /** The transfer policy in force from this record on (journaled when it changes, so replay uses the same). */
    SET_POLICY(9),
    /** A user's hold at the user's island: an order whose units, once covered, wait for a confirm or its expiry. */
    PLACE_HOLD(10),
    /** The outside signal for a held hold: it becomes a confirmed order. */
    CONFIRM_HOLD(11),
    /** A user gives up a hold (held or still waiting): its units go back. */
    RELEASE_HOLD(12),
    /** A user's timer (key, due time, payload) at the user's island; replaces a pending timer with the same key. */
    SCHEDULE(13),
    /** A user cancels a pending timer. */
    CANCEL_SCHEDULE(14);

    private static final CommandType[] BY_CODE = new CommandType[16];

    static
    {
        for (final CommandType value : values())
        {
            BY_CODE[value.code] = value;
        }
    }

    private final short code;

    CommandType(final int code)
    {
        this.code = (short)code;
    }

    /**
     * @return true for messages that arrive from another island over a link.
     */
    public boolean isLinkMessage()
    {
        return this == TRANSFER_REQUEST || this == TRANSFER_GRANT || this == TRANSFER_DENIAL;
    }

    /**
     * @return the record type code written into the journal.
     */
    public short code()
    {
        return code;
    }

    /**
     * @param code a record type code read from a journal.
     * @return the type, or {@code null} if the code is not known to this version.
     */
    public static CommandType ofCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
