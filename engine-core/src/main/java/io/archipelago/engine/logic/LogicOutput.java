package io.archipelago.engine.logic;

import io.archipelago.engine.model.ResultCode;

/**
 * Where the logic puts replies for clients. The island runtime releases them only after the input that caused them
 * is durable; replay discards them. (Messages to other islands go to the logic's own outbox, which is state.)
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
     * The outcome of a command whose reply was deferred.
     *
     * @param handle from {@link #deferReply()}; 0 is ignored.
     * @param result the outcome.
     */
    void replyDeferred(long handle, ResultCode result);
}
