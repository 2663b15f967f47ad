package io.archipelago.engine.logic;

import io.archipelago.engine.model.EventType;
import io.archipelago.engine.model.ResultCode;

/**
 * Where the logic puts replies for clients and the events it decides. The island runtime releases replies only after
 * the input that caused them is durable, and appends events to the island's event log after the same point; replay
 * discards replies, and keeps only the events the log lacks. (Messages to other islands go to the logic's own
 * outbox, which is state.)
 */
public interface LogicOutput
{
    /** Discards everything: used by replay, where the clients that asked are long gone. */
    LogicOutput DISCARD = new LogicOutput()
    {
        @Override
        public void reply(final ResultCode result)
        {
        }

        @Override
        public long deferReply()
        {
            return 0;
        }

        @Override
        public void replyDeferred(final long handle, final ResultCode result)
        {
        }
    };

    /**
     * The result of the input being applied, for the client that submitted it.
     *
     * @param result the outcome.
     */
    void reply(ResultCode result);

    /**
     * The input being applied is a client command whose outcome is decided later (a pending order): keep its client.
     *
     * @return a handle for {@link #replyDeferred}, or 0 when no client waits (replay, link messages).
     */
    long deferReply();

    /**
     * An order was decided: confirmed, rejected, expired at its deadline, or cancelled. Its lines follow through
     * {@link #eventLine}, {@code lineCount} of them. Ignored by default.
     *
     * @param type      the order event.
     * @param login     the user's login in UTF-8 (read only).
     * @param loginLength its bytes in {@code login}.
     * @param orderId   the user's order id.
     * @param reason    why a rejected or expired order was, else {@code null}.
     * @param lineCount lines that follow.
     * @param flag      a cancelled order: 1 when it had been confirmed (its units came back), else 0.
     */
    default void orderEvent(final EventType type, final byte[] login, final int loginLength, final long orderId,
        final ResultCode reason, final int lineCount, final long flag)
    {
    }

    /**
     * A line of the order event given last.
     *
     * @param productId the product.
     * @param quantity  units.
     */
    default void eventLine(final long productId, final int quantity)
    {
    }

    /**
     * Stock changed hands: a product's share created or restocked here, or units sent to or received from another
     * island. Ignored by default.
     *
     * @param type      the stock event.
     * @param productId the product.
     * @param units     the units.
     * @param peer      the other island for units sent or received, else -1.
     */
    default void stockEvent(final EventType type, final long productId, final long units, final int peer)
    {
    }

    /**
     * A user's timer fired. Ignored by default.
     *
     * @param login   the user.
     * @param key     the timer's key.
     * @param payload what it was scheduled with (the logic's array: copy what is kept).
     */
    default void scheduleFired(final String login, final long key, final byte[] payload)
    {
    }

    /**
     * The outcome of a command whose reply was deferred.
     *
     * @param handle from {@link #deferReply()}; 0 is ignored.
     * @param result the outcome.
     */
    void replyDeferred(long handle, ResultCode result);
}
