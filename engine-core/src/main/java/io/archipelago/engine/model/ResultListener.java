package io.archipelago.engine.model;

/**
 * Receives the outcome of a command submitted on the allocation-free path. Called on the island's thread once the
 * command's journal record is durable, so an implementation must be quick and must not block; hand work off to
 * another thread if it is more than bookkeeping.
 */
@FunctionalInterface
public interface ResultListener
{
    /**
     * @param correlationId the id passed at submit time.
     * @param result        the outcome.
     */
    void onResult(long correlationId, ResultCode result);
}
