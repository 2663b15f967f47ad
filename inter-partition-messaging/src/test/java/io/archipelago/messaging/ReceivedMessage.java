package io.archipelago.messaging;

/**
 * A link message as a test receiver copied it out of the transport.
 *
 * @param source   the sending island.
 * @param sequence the link sequence.
 * @param payload  the payload bytes.
 */
record ReceivedMessage(int source, long sequence, byte[] payload)
{
}
