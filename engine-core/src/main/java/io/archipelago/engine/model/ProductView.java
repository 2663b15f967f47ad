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
 * @param held      units held by holds that are covered and wait for their confirm, release or expiry.
 */
public record ProductView(long productId, boolean known, int islands, long created, long available, long reserved,
    long sold, long inFlight, long held)
{
    /**
     * A view without held units (no holds).
     *
     * @param productId the product.
     * @param known     whether any island included in this view has heard of the product.
     * @param islands   how many islands this view covers.
     * @param created   units created plus restocked.
     * @param available units free to sell.
     * @param reserved  units held for pending orders.
     * @param sold      units sold.
     * @param inFlight  units in flight between islands.
     */
    public ProductView(final long productId, final boolean known, final int islands, final long created,
        final long available, final long reserved, final long sold, final long inFlight)
    {
        this(productId, known, islands, created, available, reserved, sold, inFlight, 0);
    }

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
            available + other.available, reserved + other.reserved, sold + other.sold, inFlight + other.inFlight,
            held + other.held);
    }
}
