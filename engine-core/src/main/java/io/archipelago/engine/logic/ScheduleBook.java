package io.archipelago.engine.logic;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

import com.google.common.hash.Hasher;
import io.archipelago.engine.codec.Command;
import io.archipelago.engine.model.ResultCode;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.Object2ObjectHashMap;

/**
 * Users' scheduled work on one island: timers keyed per user, each with a due time on journaled time and a payload
 * handed back, as a {@code SCHEDULE_FIRED} event, when it fires. Owns the island's {@link TimerWheel}, which also
 * holds the expiries of held holds ({@link OrderBook} adds and cancels those). Writes, reads and hashes the wheel.
 * <pre>
 *   SCHEDULE(key, due or delay, payload) --> pending (a pending timer with the same key is replaced)
 *   pending --tick at or after due--> fired: SCHEDULE_FIRED event, gone
 *   pending --CANCEL_SCHEDULE--> gone
 * </pre>
 * Firing is capped at {@link #FIRE_LIMIT} timers per tick: when more are due (after a long stop), the next tick fires
 * the next ones, in the same (due, sequence) order.
 */
final class ScheduleBook
{
    /** Most timers one tick fires; the rest fire at the next ticks, which follow at once. */
    static final int FIRE_LIMIT = 4096;

    private final TimerWheel wheel = new TimerWheel();
    private final Object2ObjectHashMap<String, UserTimers> byUser = new Object2ObjectHashMap<>();
    private int scheduled;
    private LogicOutput out = LogicOutput.DISCARD;
    private OrderBook orders;
    private final Consumer<WheelTimer> fireScheduled = this::fired;

    /**
     * One user's pending timers by key; the login is the one string the book keeps for the user.
     */
    private static final class UserTimers
    {
        final String login;
        final Long2ObjectHashMap<WheelTimer> byKey = new Long2ObjectHashMap<>();

        UserTimers(final String login)
        {
            this.login = login;
        }
    }

    private UserTimers user(final String login)
    {
        UserTimers user = byUser.get(login);
        if (null == user)
        {
            user = new UserTimers(login);
            byUser.put(login, user);
        }
        return user;
    }

    TimerWheel wheel()
    {
        return wheel;
    }

    /**
     * Records (or replaces) a user's timer.
     *
     * @param command a {@code SCHEDULE} command (validated).
     * @param now     journaled time.
     * @param out     where the reply goes.
     */
    void onSchedule(final Command command, final long now, final LogicOutput out)
    {
        final long due = command.scheduledDue(now);
        if (due < 0)
        {
            out.reply(ResultCode.INVALID_ARGUMENT);
            return;
        }
        final UserTimers user = user(command.login());
        final WheelTimer previous = user.byKey.get(command.orderId());
        if (null != previous)
        {
            wheel.cancel(previous);
            scheduled--;
        }
        final byte[] payload = new byte[command.payloadLength()];
        System.arraycopy(command.payload(), 0, payload, 0, payload.length);
        final WheelTimer timer = new WheelTimer(WheelTimer.SCHEDULED, due, user.login,
            command.orderId(), payload, null);
        wheel.add(timer);
        user.byKey.put(command.orderId(), timer);
        scheduled++;
        out.reply(ResultCode.SCHEDULED);
    }

    /**
     * Cancels a user's pending timer.
     */
    void onCancelSchedule(final String login, final long key, final LogicOutput out)
    {
        final UserTimers user = byUser.get(login);
        final WheelTimer timer = null == user ? null : user.byKey.remove(key);
        if (null == timer)
        {
            out.reply(ResultCode.UNKNOWN_SCHEDULE);
            return;
        }
        if (user.byKey.isEmpty())
        {
            byUser.remove(login);
        }
        wheel.cancel(timer);
        scheduled--;
        out.reply(ResultCode.SCHEDULE_CANCELLED);
    }

    /**
     * Fires what is due (a tick), scheduled work and hold expiries alike, in (due, sequence) order.
     *
     * @param now    journaled time.
     * @param out    receives the firing events.
     * @param orders decides expired holds.
     * @return timers fired.
     */
    int fireDue(final long now, final LogicOutput out, final OrderBook orders)
    {
        this.out = out;
        this.orders = orders;
        try
        {
            return wheel.fire(now, FIRE_LIMIT, fireScheduled);
        }
        finally
        {
            this.out = LogicOutput.DISCARD;
        }
    }

    private void fired(final WheelTimer timer)
    {
        if (timer.kind == WheelTimer.HOLD_EXPIRY)
        {
            orders.onHoldExpired(timer.hold);
            return;
        }
        final UserTimers user = byUser.get(timer.login);
        user.byKey.remove(timer.key);
        if (user.byKey.isEmpty())
        {
            byUser.remove(timer.login);
        }
        scheduled--;
        out.scheduleFired(timer.login, timer.key, timer.payload);
    }

    /**
     * @return the earliest due time of a timer (scheduled work or hold expiry), or {@link Long#MAX_VALUE}.
     */
    long nextDue()
    {
        return wheel.nextDue();
    }

    /**
     * @return pending scheduled timers (hold expiries not counted).
     */
    int scheduledCount()
    {
        return scheduled;
    }

    /**
     * @param login a user.
     * @param key   the user's key.
     * @return the pending timer's due time, or -1 when none.
     */
    long dueOf(final String login, final long key)
    {
        final UserTimers user = byUser.get(login);
        final WheelTimer timer = null == user ? null : user.byKey.get(key);
        return null == timer ? -1 : timer.due;
    }

    /**
     * Visits every pending timer, scheduled work and hold expiries, in firing order (allocates; tools).
     */
    void forEachTimer(final Consumer<WheelTimer> action)
    {
        wheel.forEachInOrder(action);
    }

    /**
     * Writes the next sequence and every timer in firing order with its sequence: scheduled work with its login, key
     * and payload, a hold expiry with its hold's login and id.
     */
    void writeTo(final DataOutput out) throws IOException
    {
        out.writeLong(wheel.nextSequence());
        out.writeInt(wheel.size());
        try
        {
            wheel.forEachInOrder(timer ->
            {
                try
                {
                    out.writeByte(timer.kind);
                    out.writeLong(timer.due);
                    out.writeLong(timer.sequence);
                    out.writeUTF(timer.login);
                    out.writeLong(timer.key);
                    if (timer.kind == WheelTimer.SCHEDULED)
                    {
                        out.writeShort(timer.payload.length);
                        out.write(timer.payload);
                    }
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            });
        }
        catch (final UncheckedIOException ex)
        {
            throw ex.getCause();
        }
    }

    /**
     * Reads what {@link #writeTo} wrote into this empty book, handing each hold back its expiry.
     */
    void readFrom(final DataInput in, final OrderBook orders) throws IOException
    {
        wheel.nextSequence(in.readLong());
        final int count = in.readInt();
        for (int i = 0; i < count; i++)
        {
            final byte kind = in.readByte();
            final long due = in.readLong();
            final long sequence = in.readLong();
            final String login = in.readUTF();
            final long key = in.readLong();
            final WheelTimer timer;
            if (kind == WheelTimer.SCHEDULED)
            {
                final byte[] payload = new byte[in.readUnsignedShort()];
                in.readFully(payload);
                final UserTimers user = user(login);
                timer = new WheelTimer(kind, due, user.login, key, payload, null);
                if (null != user.byKey.put(key, timer))
                {
                    throw new IllegalStateException("snapshot holds timer " + login + "/" + key + " twice");
                }
                scheduled++;
            }
            else if (kind == WheelTimer.HOLD_EXPIRY)
            {
                final Order hold = orders.waitingOrder(login, key);
                timer = new WheelTimer(kind, due, hold.login, key, null, hold);
                hold.expiryTimer = timer;
            }
            else
            {
                throw new IllegalStateException("unknown timer kind " + kind);
            }
            timer.sequence = sequence;
            wheel.restore(timer);
        }
    }

    /**
     * Adds the next sequence and the timers, in firing order, to a digest; nothing when no timer was ever added (so
     * the digests of islands that never used timers did not change when they arrived).
     */
    void hashInto(final Hasher hasher)
    {
        if (wheel.nextSequence() == 1)
        {
            return;
        }
        hasher.putLong(wheel.nextSequence()).putInt(wheel.size());
        wheel.forEachInOrder(timer ->
        {
            hasher.putByte(timer.kind).putLong(timer.due).putLong(timer.sequence)
                .putInt(timer.login.length()).putUnencodedChars(timer.login).putLong(timer.key);
            if (timer.kind == WheelTimer.SCHEDULED)
            {
                hasher.putInt(timer.payload.length).putBytes(timer.payload);
            }
        });
    }
}
