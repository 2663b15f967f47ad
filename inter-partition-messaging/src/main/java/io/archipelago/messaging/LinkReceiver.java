package io.archipelago.messaging;

import org.agrona.DirectBuffer;

/**
 * The receiving end of the in-process transport: an island's ingress.
 */
@FunctionalInterface
public interface LinkReceiver
{
    /**
     * Takes a message if there is room, without blocking.
     *
     * @param source   the sending island.
     * @param sequence the message's link sequence.
     * @param buffer   holds the payload (valid only during the call).
     * @param offset   payload offset.
     * @param length   payload length.
     * @return true when taken.
     */
    boolean tryReceive(int source, long sequence, DirectBuffer buffer, int offset, int length);
}
