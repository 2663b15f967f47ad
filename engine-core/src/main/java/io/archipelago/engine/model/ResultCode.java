package io.archipelago.engine.model;

/**
 * Outcome of a command. Every command submitted to the engine ends with exactly one of these; a command is never
 * dropped silently. Codes are journal-stable: their {@link #code()} never changes meaning.
 */
public enum ResultCode
{
    /** The command was taken into an island's ring; the listener is told the outcome later (asynchronous path). */
    ACCEPTED(0, true),
    /** A product was created on every island (or on every island that had not seen it before). */
    CREATED(1, true),
    /** A product with this id existed already; nothing changed (create is idempotent per product id). */
    ALREADY_EXISTS(2, true),
    /** Units were added. */
    RESTOCKED(3, true),
    /** The order is confirmed and its units are deducted. */
    CONFIRMED(4, true),
    /**
     * The order (or hold) was cancelled: a pending one's reservations were released, a confirmed or held one's units
     * went back to its island's free units. Also the answer its placer gets when an order or hold is cancelled while
     * it waits for units.
     */
    CANCELLED(5, true),
    /**
     * The hold is covered: its units are held for the user until it is confirmed ({@code confirmHold}), released
     * ({@code releaseHold}) or expires.
     */
    HELD(6, true),
    /** The hold was released and its units returned to the island. */
    RELEASED(7, true),
    /** The timer is recorded (a timer with the same key was replaced); it fires once when due. */
    SCHEDULED(8, true),
    /** The timer was cancelled before it fired. */
    SCHEDULE_CANCELLED(9, true),

    /**
     * The islands found no units to cover the order: it was rejected and every reservation it held was released. An
     * order that was still waiting for units that might yet come (held, or reserved by other waiting orders) when its
     * timeout passed gets {@link #DEADLINE_PASSED} instead.
     */
    OUT_OF_STOCK(20, false),
    /** The order names a product the island does not know. */
    UNKNOWN_PRODUCT(21, false),
    /** The user already has an order with this id; the existing order is unchanged. */
    DUPLICATE_ORDER(22, false),
    /** No order with this id exists for this user. */
    UNKNOWN_ORDER(23, false),
    /**
     * Nothing changed: the order is already in a terminal state (rejected, cancelled, released or expired) when
     * cancelled, or the hold already confirmed, released, cancelled or rejected when confirmed or released.
     */
    ORDER_ALREADY_TERMINAL(24, false),
    /** A null or empty login, a non-positive quantity or unit count, too many lines and the like. Nothing changed. */
    INVALID_ARGUMENT(25, false),
    /** The island's ring stayed full for the whole submit timeout; the command was not taken. Retry later. */
    OVERLOADED(26, false),
    /** The engine is closed; the command was not taken. */
    CLOSED(27, false),
    /**
     * The island that owns the command has failed (an input, its runner or its journal failed): a command still in
     * its ring or waiting for units was not decided, and the island takes no more commands. Its journal holds what was
     * applied before the failure; {@code health()} names the island and the cause.
     */
    ISLAND_FAILED(28, false),
    /**
     * The engine closed while the order was pending (waiting for units): the order is journaled and still pending,
     * and is decided after the engine reopens. Query its status ({@code orderStatus}) then.
     */
    PENDING_AT_CLOSE(29, false),
    /**
     * The device holding the island's journal has less usable space than
     * {@link ArchipelagoConfig#minFreeDiskBytes()}: the command was not taken (nothing journaled, nothing changed).
     * Link messages, ticks and queries go on; the island takes commands again once space is back above the floor.
     * Retry later.
     */
    STORAGE_FULL(30, false),
    /**
     * The order's (or hold's) deadline passed while it still waited for units: it was rejected and every reservation
     * it held was released. Also the outcome of an order that was pending when the engine stopped and whose deadline
     * passed before it reopened.
     */
    DEADLINE_PASSED(31, false),
    /** The hold expired before it was confirmed; its units went back to the island and nothing changed now. */
    HOLD_EXPIRED(32, false),
    /** The order is not a hold that is held (a plain order, or a hold still waiting for units); nothing changed. */
    NOT_HELD(33, false),
    /** The user has no pending timer with this key (never scheduled, already fired or cancelled); nothing changed. */
    UNKNOWN_SCHEDULE(34, false);

    private static final ResultCode[] BY_CODE = new ResultCode[64];

    static
    {
        for (final ResultCode value : values())
        {
            BY_CODE[value.code] = value;
        }
    }

    private final int code;
    private final boolean success;

    ResultCode(final int code, final boolean success)
    {
        this.code = code;
        this.success = success;
    }

    /**
     * @return the stable numeric code of this result.
     */
    public int code()
    {
        return code;
    }

    /**
     * @return true when the command took effect (or was a harmless repeat), false when it was refused.
     */
    public boolean isSuccess()
    {
        return success;
    }

    /**
     * @param code a numeric code from {@link #code()}.
     * @return the result with that code.
     * @throws IllegalArgumentException for an unknown code.
     */
    public static ResultCode ofCode(final int code)
    {
        final ResultCode value = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (null == value)
        {
            throw new IllegalArgumentException("unknown result code " + code);
        }
        return value;
    }
}
