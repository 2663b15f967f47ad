package io.archipelago.engine.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.ResultListener;

/**
 * Collects the replies of a command sent to every island and completes one future with the combined result: the
 * first refusal if any island refused, else {@link ResultCode#CREATED} if any island created, else the common result.
 */
final class FanOutListener implements ResultListener
{
    private final CompletableFuture<ResultCode> future = new CompletableFuture<>();
    private final AtomicInteger remaining;
    private final AtomicReference<ResultCode> combined = new AtomicReference<>();

    FanOutListener(final int islands)
    {
        this.remaining = new AtomicInteger(islands);
    }

    CompletableFuture<ResultCode> future()
    {
        return future;
    }

    @Override
    public void onResult(final long correlationId, final ResultCode result)
    {
        combined.accumulateAndGet(result, FanOutListener::combine);
        if (remaining.decrementAndGet() == 0)
        {
            future.complete(combined.get());
        }
    }

    static ResultCode combine(final ResultCode current, final ResultCode next)
    {
        if (null == current)
        {
            return next;
        }
        if (!current.isSuccess())
        {
            return current;
        }
        if (!next.isSuccess())
        {
            return next;
        }
        return current == ResultCode.CREATED || next == ResultCode.CREATED ? ResultCode.CREATED : current;
    }
}
