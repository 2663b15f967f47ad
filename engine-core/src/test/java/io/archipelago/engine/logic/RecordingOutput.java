package io.archipelago.engine.logic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.archipelago.engine.model.ResultCode;

/**
 * Collects every reply the logic gives, in order: immediate replies, and the outcomes of deferred replies by handle.
 * Fails on a deferred outcome given twice or for a handle it never issued.
 */
final class RecordingOutput implements LogicOutput
{
    private final List<ResultCode> replies = new ArrayList<>();
    private final Map<Long, ResultCode> deferred = new HashMap<>();
    private long nextHandle = 1;

    @Override
    public void reply(final ResultCode result)
    {
        replies.add(result);
    }

    @Override
    public long deferReply()
    {
        final long handle = nextHandle++;
        deferred.put(handle, null);
        return handle;
    }

    @Override
    public void replyDeferred(final long handle, final ResultCode result)
    {
        if (!deferred.containsKey(handle))
        {
            throw new AssertionError("outcome " + result + " for handle " + handle + " that was never issued");
        }
        final ResultCode earlier = deferred.put(handle, result);
        if (null != earlier)
        {
            throw new AssertionError("handle " + handle + " answered twice: " + earlier + ", then " + result);
        }
    }

    List<ResultCode> replies()
    {
        return replies;
    }

    int count()
    {
        return replies.size();
    }

    /**
     * @return the next handle {@link #deferReply()} will issue.
     */
    long nextHandle()
    {
        return nextHandle;
    }

    /**
     * @param handle a handle issued by {@link #deferReply()}.
     * @return its outcome, or {@code null} while it waits.
     */
    ResultCode deferredOutcome(final long handle)
    {
        if (!deferred.containsKey(handle))
        {
            throw new AssertionError("handle " + handle + " was never issued");
        }
        return deferred.get(handle);
    }

    /**
     * @return number of deferred replies still waiting for an outcome.
     */
    long waiting()
    {
        return deferred.values().stream().filter(r -> null == r).count();
    }
}
