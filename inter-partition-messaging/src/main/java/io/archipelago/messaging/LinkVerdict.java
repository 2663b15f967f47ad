package io.archipelago.messaging;

/**
 * What a receiver makes of an incoming link message.
 */
public enum LinkVerdict
{
    /** The next message on the link: journal and apply it. */
    NEXT,
    /** At or below the high-water mark: already applied; drop it. */
    DUPLICATE,
    /** Above the high-water mark + 1: a message is missing; never skip it silently. */
    GAP,
    /** From an island that does not exist. */
    UNKNOWN_SOURCE
}
