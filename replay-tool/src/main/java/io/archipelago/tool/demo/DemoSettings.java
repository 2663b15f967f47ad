package io.archipelago.tool.demo;

import java.math.BigDecimal;
import java.nio.file.Path;

import io.archipelago.engine.model.Durability;
import io.archipelago.engine.model.WaitStrategyKind;

/**
 * Everything the demo was asked to do, checked by the {@code demo} command.
 *
 * @param partitions         islands.
 * @param users              distinct users {@code user-0 .. user-(users-1)}.
 * @param skew               share of orders, in [0, 1], placed by the {@link Logins#HEAVY_USERS} heavy users
 *                           {@code heavy-0 .. heavy-7} instead of {@code user-k}.
 * @param products           products {@code 1 .. products}.
 * @param orders             orders placed in total.
 * @param units              units created per product.
 * @param minQuantity        smallest quantity of a line.
 * @param maxQuantity        largest quantity of a line (uniform from {@code minQuantity}).
 * @param maxLines           most lines of an order (uniform from 1).
 * @param threads            client threads placing orders.
 * @param inFlight           orders a client thread may have submitted and not yet decided.
 * @param seed               seed of the workload; client thread {@code t} draws from a stream derived from (seed, t).
 * @param dataDirectory      where the journals go (absolute).
 * @param json               whether to print one JSON document instead of the summary.
 * @param waitStrategy       how idle islands wait.
 * @param durability         whether inputs are journaled.
 * @param ringSize           ring size per island.
 * @param orderTimeoutMillis how long an order may wait for units from other islands before it is rejected, ms.
 * @param snapshotEvery      each island snapshots after this many journal records since its last (0 = never).
 * @param islandThreads      threads running the islands (islands spread over them round-robin).
 */
public record DemoSettings(
    int partitions,
    int users,
    double skew,
    int products,
    long orders,
    long units,
    int minQuantity,
    int maxQuantity,
    int maxLines,
    int threads,
    int inFlight,
    long seed,
    Path dataDirectory,
    boolean json,
    WaitStrategyKind waitStrategy,
    Durability durability,
    int ringSize,
    int orderTimeoutMillis,
    long snapshotEvery,
    int islandThreads)
{
    /**
     * @return whether the run writes journals, and so can be replayed.
     */
    boolean journaled()
    {
        return durability != Durability.NONE;
    }

    /**
     * @return {@link #skew} as the exact decimal it was given as, without trailing zeros ({@code 0.5}, {@code 0}).
     */
    BigDecimal skewDecimal()
    {
        return BigDecimal.valueOf(skew).stripTrailingZeros();
    }

    /**
     * @return units created over all products.
     */
    long createdUnits()
    {
        return products * units;
    }
}
