package io.archipelago.engine.logic;

import io.archipelago.engine.ResultCode;

/**
 * Where the logic puts what an input causes beyond its own state. The island runtime releases these only after the
 * input is durable; replay discards them.
 */
public interface LogicOutput
{
    /** Discards everything: used by replay, where the clients that asked are long gone. */
    LogicOutput DISCARD = result -> {};

    /**
     * The result of the input being applied, for the client that submitted it.
     *
     * @param result the outcome.
     */
    void reply(ResultCode result);
}
