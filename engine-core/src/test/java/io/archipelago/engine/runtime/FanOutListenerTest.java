package io.archipelago.engine.runtime;

import io.archipelago.engine.model.ResultCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class FanOutListenerTest
{
    @Test
    void shouldCombineFanOutResultsWithRefusalFirstThenCreated()
    {
        assertEquals(ResultCode.CREATED, FanOutListener.combine(null, ResultCode.CREATED));
        assertEquals(ResultCode.CREATED, FanOutListener.combine(ResultCode.ALREADY_EXISTS, ResultCode.CREATED));
        assertEquals(ResultCode.CREATED, FanOutListener.combine(ResultCode.CREATED, ResultCode.ALREADY_EXISTS));
        assertEquals(ResultCode.ALREADY_EXISTS,
            FanOutListener.combine(ResultCode.ALREADY_EXISTS, ResultCode.ALREADY_EXISTS));
        assertEquals(ResultCode.UNKNOWN_PRODUCT,
            FanOutListener.combine(ResultCode.RESTOCKED, ResultCode.UNKNOWN_PRODUCT));
        assertEquals(ResultCode.INVALID_ARGUMENT,
            FanOutListener.combine(ResultCode.INVALID_ARGUMENT, ResultCode.UNKNOWN_PRODUCT));
    }

    @Test
    void shouldCompleteFanOutOnlyWhenEveryIslandAnswered()
    {
        final FanOutListener listener = new FanOutListener(3);

        listener.onResult(0, ResultCode.ALREADY_EXISTS);
        listener.onResult(0, ResultCode.CREATED);
        assertFalse(listener.future().isDone());
        listener.onResult(0, ResultCode.ALREADY_EXISTS);

        assertEquals(ResultCode.CREATED, listener.future().join());
    }
}
