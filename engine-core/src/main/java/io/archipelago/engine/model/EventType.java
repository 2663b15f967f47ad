package io.archipelago.engine.model;

/**
 * What an {@link Event} says was decided. Codes are stable: an event log written once is read the same forever.
 */
public enum EventType
{
    /** An order was confirmed and its units deducted ({@link Event#lines()}). */
    ORDER_CONFIRMED(1),
    /** An order was rejected before its deadline ({@link Event#reason()}: why). */
    ORDER_REJECTED(2),
    /** An order was still waiting at its deadline and was rejected ({@link Event#reason()}: what it lacked). */
    ORDER_EXPIRED(3),
    /** An order was cancelled; {@link Event#units()} is 1 when it had been confirmed and its units came back. */
    ORDER_CANCELLED(4),
    /** This island took its share ({@link Event#units()}) of a new product's units. */
    PRODUCT_CREATED(5),
    /** This island took its share ({@link Event#units()}) of a restock. */
    PRODUCT_RESTOCKED(6),
    /** This island gave {@link Event#units()} units to island {@link Event#peer()}. */
    UNITS_SENT(7),
    /** This island received {@link Event#units()} units from island {@link Event#peer()}. */
    UNITS_RECEIVED(8),
    /** A hold's lines are covered and its units held ({@link Event#units()}: when it expires, epoch ms). */
    HOLD_HELD(9),
    /** A held hold was confirmed: it is now a confirmed order and its units are sold. */
    HOLD_CONFIRMED(10),
    /** A hold was released by its user; {@link Event#units()} is 1 when it was held and its units came back. */
    HOLD_RELEASED(11),
    /** A held hold was not confirmed in time: its units came back. */
    HOLD_EXPIRED(12),
    /**
     * A user's timer fired: {@link Event#login()}, its key as {@link Event#orderId()}, and its
     * {@link Event#payload()}.
     */
    SCHEDULE_FIRED(13);

    private static final EventType[] BY_CODE = new EventType[32];

    static
    {
        for (final EventType type : values())
        {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;

    EventType(final int code)
    {
        this.code = code;
    }

    /**
     * @return the stable code written to the event log.
     */
    public int code()
    {
        return code;
    }

    /**
     * @param code a code from {@link #code()}.
     * @return its type, or {@code null} when no type has it.
     */
    public static EventType ofCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * @return true for the order events (they name a login and an order id).
     */
    public boolean isOrderEvent()
    {
        return this == ORDER_CONFIRMED || this == ORDER_REJECTED || this == ORDER_EXPIRED || this == ORDER_CANCELLED ||
            this == HOLD_HELD || this == HOLD_CONFIRMED || this == HOLD_RELEASED || this == HOLD_EXPIRED ||
            this == SCHEDULE_FIRED;
    }
}
