package io.archipelago.engine.logic;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;

import io.archipelago.engine.model.TransferStrategy;

/**
 * Writes an island's whole logical state to bytes and reads it back: products (allocations, waiting orders, search
 * state), orders, timers (with their ids, so they fire in the same order), link high-water marks, the outbox's
 * unacknowledged messages, policy and counters. Entries are written in sorted order, so equal states give equal
 * bytes. Reading rebuilds exactly the state that was written: its {@link InventoryLogic#digest()} is the same. An
 * order is written the same way whether the island holds it waiting (an {@link Order}) or decided (a record of its
 * order archive), so the format does not depend on how orders are stored; reading puts waiting orders back as objects
 * and decided ones into the archive. Each part is written and read by the class that owns that state; this class
 * holds the header and the streams.
 * <pre>
 *   island islands | policy | counters | statistics | high-water marks | outbox links | orders | products
 *   | awaiting creation | timers | timer wheel (users' timers and hold expiries)
 * </pre>
 */
public final class LogicSnapshot
{
    private static final int MAGIC = 0x4C534E50;
    /**
     * Format 2 added the wound-wait counters to the statistics, format 3 the sold counts other islands reported,
     * format 4 holds (held units per product, each order's hold expiry) and the timer wheel; 1 to 3 are still read.
     */
    private static final int VERSION = 4;
    private static final int OLDEST_READABLE_VERSION = 1;

    private LogicSnapshot()
    {
    }

    /**
     * @param logic the state; call between inputs on the thread that owns it.
     * @return the state as bytes.
     */
    public static byte[] write(final InventoryLogic logic)
    {
        final SnapshotOutput out = new SnapshotOutput(logic.lastSnapshotBytes() + logic.lastSnapshotBytes() / 4);
        try
        {
            writeTo(logic, out);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        logic.lastSnapshotBytes(out.length());
        return out.length() == out.array().length ? out.array() : java.util.Arrays.copyOf(out.array(), out.length());
    }

    /**
     * @param bytes      what {@link #write(InventoryLogic)} produced.
     * @param configured the strategy the engine is configured with (besides the default).
     * @return the state.
     * @throws IllegalStateException when the bytes are not a snapshot this version reads.
     */
    public static InventoryLogic read(final byte[] bytes, final TransferStrategy configured)
    {
        try
        {
            return readFrom(new SnapshotInput(bytes), configured);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("unreadable island state: " + ex.getMessage(), ex);
        }
    }

    private static void writeTo(final InventoryLogic logic, final DataOutput out) throws IOException
    {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(logic.island());
        out.writeInt(logic.islands());
        logic.writeTo(out);
    }

    private static InventoryLogic readFrom(final DataInput in, final TransferStrategy configured)
        throws IOException
    {
        if (in.readInt() != MAGIC)
        {
            throw new IllegalStateException("not an island state snapshot");
        }
        final int version = in.readInt();
        if (version < OLDEST_READABLE_VERSION || version > VERSION)
        {
            throw new IllegalStateException("island state format " + version + " is not readable by this version");
        }
        final int island = in.readInt();
        final int islands = in.readInt();
        final InventoryLogic logic = new InventoryLogic(island, islands, configured);
        logic.readFrom(in, version);
        return logic;
    }
}
