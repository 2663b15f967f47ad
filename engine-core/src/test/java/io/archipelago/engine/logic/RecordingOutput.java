package io.archipelago.engine.logic;

import java.util.ArrayList;
import java.util.List;

import io.archipelago.engine.ResultCode;

/**
 * Collects every reply the logic gives, in order.
 */
final class RecordingOutput implements LogicOutput
{
    private final List<ResultCode> replies = new ArrayList<>();

    @Override
    public void reply(final ResultCode result)
    {
        replies.add(result);
    }

    List<ResultCode> replies()
    {
        return replies;
    }

    ResultCode last()
    {
        if (replies.isEmpty())
        {
            throw new AssertionError("no reply was given");
        }
        return replies.get(replies.size() - 1);
    }

    int count()
    {
        return replies.size();
    }
}
