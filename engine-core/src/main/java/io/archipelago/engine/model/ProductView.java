package io.archipelago.engine.model;

/**
 * A product's stock as one island sees it ({@code Archipelago.productView(island, id)}), or summed over every island
 * ({@code Archipelago.productView(id)}).
 * <p>
 * <b>One island's view</b> is read on the island's thread between two inputs, and its fields say where the units of
 * that island's share are now:
 * <ul>
 *     <li>{@code created}: the island's own share of the units created and restocked (the split gives each island a
 *     share; the shares add up to what was created and restocked). Transfers never change it.</li>
 *     <li>{@code available}, {@code reserved}, {@code held}, {@code sold}: units on this island free to sell,
 *     reserved by its pending orders, held by its held holds, and sold to its users (confirmed, not cancelled). None
 *     is ever negative. Units received from other islands count here too, so {@code available} can exceed
 *     {@code created} on an island that received units.</li>
 *     <li>{@code inFlight}: the island's net transfers out, since the product was created: units it granted to other
 *     islands minus units it received from them. It is not only what is still travelling: it is negative on an
 *     island that received more than it gave, and stays so after every transfer has arrived.</li>
 * </ul>
 * Every island's view satisfies, exactly and at every read,
 * {@code available + reserved + held + sold + inFlight == created}: what the island holds, plus what it gave away
 * net, is its share.
 * <p>
 * <b>The sum over every island</b> ({@link #plus}) adds the fields. Summed, each transfer that has arrived counts once
 * as granted and once as received and cancels out, so {@code inFlight} is the units granted and not yet applied by
 * their receiver, and {@code created} is every unit created and restocked; the relation above holds for the sum
 * too. The islands are read one after another, not at one instant: while units move, a transfer whose receiver's
 * read already counts it received while its granter's earlier read did not yet count it granted makes that sum's
 * {@code inFlight} smaller (even negative). Once no transfer is under way the summed {@code inFlight} is 0 and
 * {@code available + reserved + held + sold == created} (conservation).
 *
 * @param productId the product.
 * @param known     whether any island included in this view has heard of the product.
 * @param islands   how many islands this view covers that know the product (1 for an island that knows it).
 * @param created   units created plus restocked: the island's share, or the total in a sum.
 * @param available units allocated and free to sell.
 * @param reserved  units held for pending orders.
 * @param sold      units of confirmed, not cancelled orders.
 * @param inFlight  one island: units it granted minus units it received (negative for a net receiver); a sum over
 *                  every island: units granted and not yet applied by their receiver.
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
     * @param created   units created plus restocked (an island's share, or the total).
     * @param available units free to sell.
     * @param reserved  units held for pending orders.
     * @param sold      units sold.
     * @param inFlight  an island's net units granted minus received, or in a sum the units in flight.
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
     * @param other another island's view of the same product (or a sum of some).
     * @return the sum of both views: every field added, {@code known} if either is.
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
