package io.archipelago.engine.model;

/**
 * A product's stock as seen by one island, or summed over all islands.
 *
 * @param productId the product.
 * @param known     whether any island included in this view has heard of the product.
 * @param islands   how many islands this view covers (and know the product).
 * @param created   units created plus restocked.
 * @param available units allocated and free to sell.
 * @param reserved  units held for pending orders.
 * @param sold      units of confirmed, not cancelled orders.
 * @param inFlight  units granted by an island and not yet applied by the receiver (only in sums over islands).
 */
public record ProductView(long productId, boolean known, int islands, long created, long available, long reserved,
    long sold, long inFlight)
{
    /**
     * @param productId the product.
     * @return a view of a product nobody knows.
     */
    public static ProductView unknown(final long productId)
    {
        return new ProductView(productId, false, 0, 0, 0, 0, 0, 0);
    }

    /**
     * @param other another island's view of the same product.
     * @return the sum of both views.
     */
    public ProductView plus(final ProductView other)
    {
        if (!other.known)
        {
            return this;
        }
        if (!known)
        {
            return other;
        }
        return new ProductView(productId, true, islands + other.islands, created + other.created,
            available + other.available, reserved + other.reserved, sold + other.sold, inFlight + other.inFlight);
    }
}
