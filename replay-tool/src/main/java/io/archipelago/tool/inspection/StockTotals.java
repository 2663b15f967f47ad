package io.archipelago.tool.inspection;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ProductView;

/**
 * Units of every product summed over every island, from each island's {@link ProductView}. Each island keeps
 * {@code available + reserved + sold == received + transferredIn - transferredOut} for every product, and its view's
 * {@code inFlight} is what it granted minus what it received, so over all islands
 * {@code created == sold + available + reserved + inFlight} whenever the views are read.
 *
 * @param created   units created and restocked.
 * @param sold      units of confirmed orders.
 * @param available units free to sell.
 * @param reserved  units held for orders still pending.
 * @param inFlight  units granted by one island and not yet applied by the one that asked.
 */
public record StockTotals(long created, long sold, long available, long reserved, long inFlight)
{
    /** No units at all. */
    static final StockTotals ZERO = new StockTotals(0, 0, 0, 0, 0);

    /**
     * Reads every island's view of products {@code 1..products}, summed per product over the islands.
     *
     * @param engine   a running engine.
     * @param products the products are {@code 1..products}.
     * @return the sums over every island and product.
     */
    public static StockTotals read(final Archipelago engine, final int products)
    {
        final List<CompletableFuture<ProductView>> views = new ArrayList<>(products);
        for (long productId = 1; productId <= products; productId++)
        {
            views.add(engine.productView(productId));
        }
        StockTotals sum = ZERO;
        for (final CompletableFuture<ProductView> future : views)
        {
            final ProductView view = future.join();
            sum = sum.plus(new StockTotals(view.created(), view.sold(), view.available(), view.reserved(),
                view.inFlight()));
        }
        return sum;
    }

    /**
     * @param other more units.
     * @return both added up.
     */
    StockTotals plus(final StockTotals other)
    {
        return new StockTotals(created + other.created, sold + other.sold, available + other.available,
            reserved + other.reserved, inFlight + other.inFlight);
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
