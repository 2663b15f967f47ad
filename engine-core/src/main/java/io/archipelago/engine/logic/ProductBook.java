package io.archipelago.engine.logic;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;

import com.google.common.hash.Hasher;
import io.archipelago.engine.model.EventType;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.TransferStrategy;
import io.archipelago.router.StockSplit;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The products an island knows, keyed by {@link MapKey#of(long)} of their ids, and the products an input touched
 * ("dirty"), which the island serves and searches for once the input is applied, in the order they were touched.
 */
final class ProductBook
{
    private final int island;
    private final int islands;
    private final Long2ObjectHashMap<Product> products = new Long2ObjectHashMap<>();
    private final ArrayList<Product> dirty = new ArrayList<>();

    ProductBook(final int island, final int islands)
    {
        this.island = island;
        this.islands = islands;
    }

    /**
     * @return the product, or {@code null} when the island has not heard of it.
     */
    Product get(final long productId)
    {
        return products.get(MapKey.of(productId));
    }

    boolean contains(final long productId)
    {
        return products.containsKey(MapKey.of(productId));
    }

    int size()
    {
        return products.size();
    }

    /**
     * Creates a product with this island's share of its units.
     *
     * @return the product, or {@code null} when it exists already (the reply says so).
     */
    Product create(final long productId, final long units, final LogicOutput out)
    {
        if (contains(productId))
        {
            out.reply(ResultCode.ALREADY_EXISTS);
            return null;
        }
        final long share = StockSplit.share(units, islands, island);
        final Product product = new Product(productId);
        product.totalUnits = units;
        product.received = share;
        product.available = share;
        products.put(MapKey.of(productId), product);
        out.reply(ResultCode.CREATED);
        out.stockEvent(EventType.PRODUCT_CREATED, productId, share, -1);
        return product;
    }

    /**
     * Adds this island's share of a restock; what other islands reported having is no longer known.
     */
    void restock(final long productId, final long units, final LogicOutput out)
    {
        final Product product = get(productId);
        if (null == product)
        {
            out.reply(ResultCode.UNKNOWN_PRODUCT);
            return;
        }
        if (units > InventoryLogic.MAX_TOTAL_UNITS - product.totalUnits)
        {
            out.reply(ResultCode.INVALID_ARGUMENT);
            return;
        }
        final long share = StockSplit.share(units, islands, island);
        product.totalUnits += units;
        product.received += share;
        product.available += share;
        if (null != product.hints)
        {
            Arrays.fill(product.hints, TransferStrategy.UNKNOWN);
        }
        out.reply(ResultCode.RESTOCKED);
        out.stockEvent(EventType.PRODUCT_RESTOCKED, productId, share, -1);
        markDirty(product);
    }

    void markDirty(final Product product)
    {
        if (!product.dirty)
        {
            product.dirty = true;
            dirty.add(product);
        }
    }

    /**
     * @return products touched by the input being applied, in the order they were touched; products touched while
     *         they are worked through are appended. {@link #clearDirty()} ends the pass.
     */
    ArrayList<Product> dirty()
    {
        return dirty;
    }

    void clearDirty()
    {
        dirty.clear();
    }

    /**
     * @return products for which this island has a request unanswered or a retry scheduled.
     */
    int activeSearches()
    {
        int active = 0;
        final Long2ObjectHashMap<Product>.ValueIterator values = products.values().iterator();
        while (values.hasNext())
        {
            if (values.next().searching())
            {
                active++;
            }
        }
        return active;
    }

    /**
     * @return the ids of every product, ascending.
     */
    long[] idsSorted()
    {
        final long[] ids = new long[products.size()];
        int i = 0;
        for (final Product product : products.values())
        {
            ids[i++] = product.id;
        }
        Arrays.sort(ids);
        return ids;
    }

    /**
     * Writes every product, ascending by id.
     */
    void writeTo(final DataOutput out) throws IOException
    {
        final long[] ids = idsSorted();
        out.writeInt(ids.length);
        for (final long id : ids)
        {
            get(id).writeTo(out, islands);
        }
    }

    void readFrom(final DataInput in, final OrderBook orders, final int version) throws IOException
    {
        final int count = in.readInt();
        for (int k = 0; k < count; k++)
        {
            final Product product = Product.readFrom(in, islands, orders, version);
            products.put(MapKey.of(product.id), product);
        }
    }

    void hashInto(final Hasher hasher)
    {
        final long[] ids = idsSorted();
        hasher.putInt(ids.length);
        for (final long id : ids)
        {
            get(id).hashInto(hasher, islands);
        }
    }
}
