package io.archipelago.tool.inspection;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.invariants.Invariants;
import io.archipelago.engine.model.ProductView;

/**
 * Units of every product summed over every island, read from each island's {@link ProductView}s and checked by
 * engine-core's {@link Invariants} over those views: per island nothing negative and the units balance, per product
 * over all islands {@code created == sold + available + reserved + inFlight}, and, once the islands are quiet,
 * nothing reserved or in flight.
 *
 * @param created    units created and restocked.
 * @param sold       units of confirmed orders.
 * @param available  units free to sell.
 * @param reserved   units held for orders still pending.
 * @param inFlight   units granted by one island and not yet applied by the one that asked.
 * @param violations the invariants the views broke, one line each.
 */
public record StockTotals(long created, long sold, long available, long reserved, long inFlight,
    List<String> violations)
{
    /**
     * Totals that broke no invariant.
     *
     * @param created   units created and restocked.
     * @param sold      units of confirmed orders.
     * @param available units free to sell.
     * @param reserved  units held for orders still pending.
     * @param inFlight  units granted by one island and not yet applied by the one that asked.
     */
    public StockTotals(final long created, final long sold, final long available, final long reserved,
        final long inFlight)
    {
        this(created, sold, available, reserved, inFlight, List.of());
    }

    /**
     * Reads every island's view of products {@code 1..products} and checks them.
     *
     * @param engine   a running engine.
     * @param products the products are {@code 1..products}.
     * @param quiet    whether the islands went quiet: then nothing may be reserved or in flight.
     * @return the sums over every island and product, with what the checks found.
     */
    public static StockTotals read(final Archipelago engine, final int products, final boolean quiet)
    {
        final int partitions = engine.config().partitions();
        final List<List<CompletableFuture<ProductView>>> futures = new ArrayList<>(partitions);
        for (int partition = 0; partition < partitions; partition++)
        {
            final List<CompletableFuture<ProductView>> island = new ArrayList<>(products);
            for (long productId = 1; productId <= products; productId++)
            {
                island.add(engine.productView(partition, productId));
            }
            futures.add(island);
        }
        final List<List<ProductView>> views = new ArrayList<>(partitions);
        for (final List<CompletableFuture<ProductView>> island : futures)
        {
            final List<ProductView> islandViews = new ArrayList<>(products);
            island.forEach(future -> islandViews.add(future.join()));
            views.add(islandViews);
        }
        final Invariants invariants = Invariants.ofViews(views).checkAllocations().checkConservation();
        if (quiet)
        {
            invariants.checkQuiet();
        }
        long created = 0;
        long sold = 0;
        long available = 0;
        long reserved = 0;
        long inFlight = 0;
        for (long productId = 1; productId <= products; productId++)
        {
            final ProductView total = invariants.total(productId);
            created += total.created();
            sold += total.sold();
            available += total.available();
            reserved += total.reserved();
            inFlight += total.inFlight();
        }
        final List<String> violations = new ArrayList<>();
        invariants.violations().forEach(violation -> violations.add(violation.toString()));
        return new StockTotals(created, sold, available, reserved, inFlight, List.copyOf(violations));
    }

    /**
     * @return units accounted for: sold, available, reserved or in flight.
     */
    public long accounted()
    {
        return sold + available + reserved + inFlight;
    }

    /**
     * @return whether every unit created is accounted for, and no unit more.
     */
    public boolean balanced()
    {
        return created == accounted();
    }
}
