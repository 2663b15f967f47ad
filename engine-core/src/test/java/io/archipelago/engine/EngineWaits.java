package io.archipelago.engine;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.archipelago.engine.model.OrderState;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Small waits and reads the engine tests share.
 */
final class EngineWaits
{
    private EngineWaits()
    {
    }

    /**
     * @return the order's state now, read at its island.
     */
    static OrderState state(final Archipelago engine, final String login, final long orderId)
    {
        try
        {
            return engine.orderStatus(login, orderId).get(20, TimeUnit.SECONDS).state();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Waits up to 20 s for {@code condition}, failing the test when it does not come.
     */
    static void await(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "condition not reached in 20 s");
            Thread.sleep(5);
        }
    }
}
