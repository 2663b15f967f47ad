package io.archipelago.router;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Growing from {@code n} to {@code n + 1} islands must move about {@code 1 / (n + 1)} of the logins, and only to
 * the new island {@code n}.
 */
class RoutingGrowthTest
{
    private static final int LOGINS = 200_000;
    private static final double RELATIVE_TOLERANCE = 0.15;

    @ParameterizedTest(name = "{0} -> {0} + 1 islands")
    @ValueSource(ints = {1, 7, 8, 63, 64})
    void shouldMoveOnlyAFairShareOfLoginsAndOnlyToTheNewIsland(final int partitions)
    {
        final PartitionRouter before = new PartitionRouter(partitions);
        final PartitionRouter after = new PartitionRouter(partitions + 1);

        int moved = 0;
        for (int i = 0; i < LOGINS; i++)
        {
            final String login = "user-" + i;
            final int oldIsland = before.partitionOf(login);
            final int newIsland = after.partitionOf(login);
            if (oldIsland != newIsland)
            {
                moved++;
                assertEquals(partitions, newIsland,
                    "'" + login + "' moved from island " + oldIsland + " to an existing island");
            }
        }

        final double fraction = (double)moved / LOGINS;
        final double expected = 1.0 / (partitions + 1);
        assertTrue(Math.abs(fraction - expected) <= RELATIVE_TOLERANCE * expected,
            "moved fraction " + fraction + " is not within 15% of " + expected);
    }
}
