package io.archipelago.engine.logic;

/**
 * One island's allocation of a product. Invariant: {@code available + reserved + sold == received}, where received is
 * this island's share of units created and restocked (plus units moved in, minus units moved out, once transfers
 * exist). No field is ever negative.
 */
public final class Product
{
    final long id;
    long received;
    long available;
    long reserved;
    long sold;

    Product(final long id)
    {
        this.id = id;
    }

    /**
     * @return the product id.
     */
    public long id()
    {
        return id;
    }

    /**
     * @return units this island's allocation has received in total.
     */
    public long received()
    {
        return received;
    }

    /**
     * @return units free to sell.
     */
    public long available()
    {
        return available;
    }

    /**
     * @return units held for pending orders.
     */
    public long reserved()
    {
        return reserved;
    }

    /**
     * @return units of confirmed, not cancelled orders.
     */
    public long sold()
    {
        return sold;
    }
}
