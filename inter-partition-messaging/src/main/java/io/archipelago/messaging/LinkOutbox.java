package io.archipelago.messaging;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The sender's side of one link: messages not yet acknowledged by the receiver, in sequence order, in a growable ring
 * of fixed-size slots (no allocation in steady state).
 * <pre>
 *   acknowledged  |  offered, not acknowledged  |  not offered yet  |
 *   ... firstSequence ............. nextToOffer ............ nextSequence
 * </pre>
 * Slot layout: {@code length:int32, payload[maxPayload]}. Single-threaded: owned by the sending island.
 */
public final class LinkOutbox
{
    private static final int LENGTH_FIELD = 4;

    private final int target;
    private final int maxPayload;
    private final int slotSize;
    private UnsafeBuffer slots;
    private int capacity;
    private long firstSequence = 1;
    private long nextSequence = 1;
    private long nextToOffer = 1;

    /**
     * @param target          the receiving island.
     * @param maxPayload      largest payload, bytes.
     * @param initialCapacity slots to start with (power of two).
     */
    public LinkOutbox(final int target, final int maxPayload, final int initialCapacity)
    {
        if (Integer.bitCount(initialCapacity) != 1)
        {
            throw new IllegalArgumentException("initialCapacity must be a power of two, was " + initialCapacity);
        }
        this.target = target;
        this.maxPayload = maxPayload;
        this.slotSize = LENGTH_FIELD + maxPayload;
        this.capacity = initialCapacity;
        this.slots = new UnsafeBuffer(new byte[capacity * slotSize]);
    }

    /**
     * @return the receiving island.
     */
    public int target()
    {
        return target;
    }

    /**
     * Adds a message and gives it the link's next sequence number.
     *
     * @param buffer holds the payload.
     * @param offset payload offset.
     * @param length payload length, at most the maximum payload.
     * @return the message's sequence.
     */
    public long append(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > maxPayload || length < 0)
        {
            throw new IllegalArgumentException("payload of " + length + " bytes, maximum " + maxPayload);
        }
        if (nextSequence - firstSequence == capacity)
        {
            grow();
        }
        final int slot = slotOffset(nextSequence);
        slots.putInt(slot, length);
        slots.putBytes(slot + LENGTH_FIELD, buffer, offset, length);
        return nextSequence++;
    }

    /**
     * Offers every message not yet offered, in order, stopping at the first the transport does not take.
     *
     * @param source    the sending island.
     * @param transport the transport.
     * @return messages taken.
     */
    public int offer(final int source, final LinkTransport transport)
    {
        int taken = 0;
        while (nextToOffer < nextSequence)
        {
            final int slot = slotOffset(nextToOffer);
            final int length = slots.getInt(slot);
            if (!transport.offer(source, target, nextToOffer, slots, slot + LENGTH_FIELD, length))
            {
                break;
            }
            nextToOffer++;
            taken++;
        }
        return taken;
    }

    /**
     * Drops messages the receiver has journaled.
     *
     * @param upToSequence highest sequence acknowledged.
     */
    public void acknowledge(final long upToSequence)
    {
        final long upTo = Math.min(upToSequence, nextToOffer - 1);
        if (upTo >= firstSequence)
        {
            firstSequence = upTo + 1;
        }
    }

    /**
     * Restarts delivery at a sequence (recovery: the receiver's high-water mark + 1). Messages below it are dropped
     * as delivered; messages from it on are offered again.
     *
     * @param sequence first sequence to offer again.
     * @throws IllegalStateException when the outbox no longer holds that message.
     */
    void rewindTo(final long sequence)
    {
        if (sequence > nextSequence)
        {
            throw new IllegalStateException("link to " + target + ": receiver is at " + (sequence - 1) +
                " but only " + (nextSequence - 1) + " messages were ever sent");
        }
        if (sequence < firstSequence)
        {
            throw new IllegalStateException("link to " + target + ": message " + sequence + " is no longer held " +
                "(outbox starts at " + firstSequence + ")");
        }
        firstSequence = sequence;
        nextToOffer = sequence;
    }

    /**
     * Positions an empty link at a sequence, as restored from a snapshot: the next appended message gets it.
     *
     * @param sequence the first sequence the link still holds (or will hold).
     * @throws IllegalStateException when the link holds messages.
     */
    void restartAt(final long sequence)
    {
        if (size() != 0 || sequence < 1)
        {
            throw new IllegalStateException("link to " + target + " holds " + size() + " messages; cannot restart " +
                "at " + sequence);
        }
        firstSequence = sequence;
        nextSequence = sequence;
        nextToOffer = sequence;
    }

    /**
     * Visits held messages from {@code fromSequence} on, in order (for snapshots and tools).
     *
     * @param fromSequence first sequence to visit (clamped to what is held).
     * @param visitor      receives each message.
     */
    public void forEach(final long fromSequence, final MessageVisitor visitor)
    {
        for (long sequence = Math.max(fromSequence, firstSequence); sequence < nextSequence; sequence++)
        {
            final int slot = slotOffset(sequence);
            visitor.onMessage(target, sequence, slots, slot + LENGTH_FIELD, slots.getInt(slot));
        }
    }

    /**
     * @return the sequence the next appended message gets.
     */
    public long nextSequence()
    {
        return nextSequence;
    }

    /**
     * @return the oldest message held.
     */
    public long firstSequence()
    {
        return firstSequence;
    }

    /**
     * @return the next message to offer.
     */
    public long nextToOffer()
    {
        return nextToOffer;
    }

    /**
     * @return messages held (offered or not).
     */
    public int size()
    {
        return (int)(nextSequence - firstSequence);
    }

    /**
     * @return true when some message waits to be offered.
     */
    public boolean hasUnoffered()
    {
        return nextToOffer < nextSequence;
    }

    private int slotOffset(final long sequence)
    {
        return (int)(sequence & (capacity - 1)) * slotSize;
    }

    private void grow()
    {
        final int newCapacity = capacity << 1;
        final UnsafeBuffer bigger = new UnsafeBuffer(new byte[newCapacity * slotSize]);
        for (long sequence = firstSequence; sequence < nextSequence; sequence++)
        {
            final int from = (int)(sequence & (capacity - 1)) * slotSize;
            final int to = (int)(sequence & (newCapacity - 1)) * slotSize;
            bigger.putBytes(to, slots, from, slotSize);
        }
        slots = bigger;
        capacity = newCapacity;
    }

    /**
     * Receives messages from {@link #forEach}.
     */
    @FunctionalInterface
    public interface MessageVisitor
    {
        /**
         * @param target   the receiving island.
         * @param sequence the link sequence.
         * @param buffer   holds the payload (valid only during the call).
         * @param offset   payload offset.
         * @param length   payload length.
         */
        void onMessage(int target, long sequence, DirectBuffer buffer, int offset, int length);
    }
}
