package io.archipelago.engine.logic;

import java.util.Comparator;

/**
 * A timer in the island's {@link TimerWheel}: a user's scheduled work (login, key, payload) or a held hold's expiry
 * (the hold). Ordered by (due, sequence); sequences are dense per island and part of its state.
 */
final class WheelTimer
{
    static final Comparator<WheelTimer> ORDER = Comparator.<WheelTimer>comparingLong(t -> t.due)
        .thenComparingLong(t -> t.sequence);

    /** A user's scheduled work. */
    static final byte SCHEDULED = 1;
    /** A held hold's expiry. */
    static final byte HOLD_EXPIRY = 2;

    final byte kind;
    final long due;
    final String login;
    /** The timer's key, or the hold's order id. */
    final long key;
    /** Scheduled work: what the firing hands back; a hold expiry: {@code null}. */
    final byte[] payload;
    /** A hold expiry: the hold. */
    final Order hold;
    long sequence;

    /** Where the wheel keeps it: a near slot (or -1), or a far window. */
    int slot = -1;
    TimerWheel.Window window;
    WheelTimer prev;
    WheelTimer next;

    WheelTimer(final byte kind, final long due, final String login, final long key, final byte[] payload,
        final Order hold)
    {
        this.kind = kind;
        this.due = due;
        this.login = login;
        this.key = key;
        this.payload = payload;
        this.hold = hold;
    }
}
