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
    /** A user's cancellation of a confirmed order at the user's island. */
    CANCEL_ORDER(4);

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
