package io.archipelago.tool.demo;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.archipelago.engine.model.ResultCode;

/**
 * Outcomes of the demo's orders, counted by result code. Written by island threads (through the client threads'
 * listeners) and read by the thread reporting progress, so every count is a {@link LongAdder}.
 */
final class OrderTally
{
    private static final ResultCode[] CODES = ResultCode.values();

    private final LongAdder[] byResult = new LongAdder[CODES.length];
    private final LongAdder confirmedUnits = new LongAdder();
    private final LongAdder overloadedRetries = new LongAdder();

    OrderTally()
    {
        for (int i = 0; i < byResult.length; i++)
        {
            byResult[i] = new LongAdder();
        }
    }

    /**
     * @param result an order's outcome.
     * @param units  units the order asked for in total.
     */
    void record(final ResultCode result, final long units)
    {
        byResult[result.ordinal()].increment();
        if (result == ResultCode.CONFIRMED)
        {
            confirmedUnits.add(units);
        }
    }

    /**
     * Counts a submit that found the island's ring full and is tried again.
     */
    void overloaded()
    {
        overloadedRetries.increment();
    }

    /**
     * @return orders with an outcome.
     */
    long decided()
    {
        long sum = 0;
        for (final LongAdder count : byResult)
        {
            sum += count.sum();
        }
        return sum;
    }

    /**
     * @param result a result code.
     * @return orders with that outcome.
     */
    long count(final ResultCode result)
    {
        return byResult[result.ordinal()].sum();
    }

    /**
     * @return units of confirmed orders.
     */
    long confirmedUnits()
    {
        return confirmedUnits.sum();
    }

    /**
     * @return submits retried after {@link ResultCode#OVERLOADED}.
     */
    long overloadedRetries()
    {
        return overloadedRetries.sum();
    }

    /**
     * @return every outcome other than {@link ResultCode#CONFIRMED} that occurred, with its count, in code order.
     */
    Map<ResultCode, Long> rejectedByReason()
    {
        final Map<ResultCode, Long> reasons = new EnumMap<>(ResultCode.class);
        for (final ResultCode code : CODES)
        {
            final long count = count(code);
            if (code != ResultCode.CONFIRMED && count > 0)
            {
                reasons.put(code, count);
            }
        }
        return reasons;
    }
}
