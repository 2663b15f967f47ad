package io.archipelago.messaging;

import org.agrona.DirectBuffer;

/**
 * Moves link messages between islands. A link is the ordered one-way channel from island {@code source} to island
 * {@code target}; every message on it has a dense sequence number starting at 1.
 * <p>
 * {@link #offer} never blocks: an island thread must never wait on another island (two islands waiting on each other
 * is the classic deadlock). What is not taken stays in the sender's {@link Outbox} and is offered again later.
 * Acknowledgements flow back from the receiver once it has journaled a message, so the sender can trim its outbox.
 * <pre>
 *   sender island s                        receiver island d
 *   Outbox[s->d] --offer(s, d, seq, msg)--> ingress ring of d --> journal --> apply
 *        ^                                                          |
 *        +------------- acknowledged(s, d) <--- acknowledge(s, d, seq)
 * </pre>
 * The in-process implementation is {@link InProcessTransport}; a network transport (Aeron, Kafka) implements the same
 * contract.
 */
public interface LinkTransport
{
    /** Takes nothing and remembers nothing: for islands rebuilt only to be read, whose sends are suppressed. */
    LinkTransport NONE = new LinkTransport()
    {
        @Override
        public boolean offer(final int source, final int target, final long sequence, final DirectBuffer buffer,
            final int offset, final int length)
        {
            return false;
        }

        @Override
        public void acknowledge(final int source, final int target, final long sequence)
        {
        }

        @Override
        public long acknowledged(final int source, final int target)
        {
            return 0;
        }
    };

    /**
     * Offers one message to its receiver without blocking.
     *
     * @param source   the sending island.
     * @param target   the receiving island.
     * @param sequence the message's sequence on the link {@code source -> target}.
     * @param buffer   holds the payload.
     * @param offset   payload offset.
     * @param length   payload length.
     * @return true when the receiver took the message; false when it cannot take it now (try again later).
     */
    boolean offer(int source, int target, long sequence, DirectBuffer buffer, int offset, int length);

    /**
     * Called by the receiver once every message up to {@code sequence} on the link is durable in its journal.
     *
     * @param source   the sending island.
     * @param target   the receiving island (the caller).
     * @param sequence highest sequence journaled.
     */
    void acknowledge(int source, int target, long sequence);

    /**
     * @param source the sending island.
     * @param target the receiving island.
     * @return the highest sequence the receiver has acknowledged on the link, 0 if none.
     */
    long acknowledged(int source, int target);
}
