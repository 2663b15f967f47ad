package io.archipelago.engine.logic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.archipelago.engine.OrderLine;
import io.archipelago.engine.OrderState;
import io.archipelago.engine.OrderStatus;
import io.archipelago.engine.ProductView;
import io.archipelago.engine.ResultCode;
import io.archipelago.engine.codec.Command;
import io.archipelago.router.StockSplit;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.Object2ObjectHashMap;

/**
 * One island's inventory state machine: input plus state gives new state plus outputs. Pure and deterministic: no
 * clock (the journaled timestamp is "now"), no randomness, no I/O, no threads, and nothing that depends on hash-map
 * iteration order shapes an output or the digest. Single-threaded: only the island's thread (or a replay thread
 * before the island starts) calls it.
 */
public final class InventoryLogic
{
    private final int island;
    private final int islands;
    private final Long2ObjectHashMap<Product> products = new Long2ObjectHashMap<>();
    private final Object2ObjectHashMap<String, Long2ObjectHashMap<Order>> ordersByUser =
        new Object2ObjectHashMap<>();
    private long orderCount;
    private long appliedCount;

    /**
     * @param island  this island's index.
     * @param islands how many islands there are.
     */
    public InventoryLogic(final int island, final int islands)
    {
        if (islands < 1 || island < 0 || island >= islands)
        {
            throw new IllegalArgumentException("island " + island + " of " + islands);
        }
        this.island = island;
        this.islands = islands;
    }

    /**
     * @return this island's index.
     */
    public int island()
    {
        return island;
    }

    /**
     * @return how many islands share the stock.
     */
    public int islands()
    {
        return islands;
    }

    /**
     * Applies one journaled input.
     *
     * @param command   the input.
     * @param timestamp its journaled time, epoch ms.
     * @param out       receives the reply.
     */
    public void apply(final Command command, final long timestamp, final LogicOutput out)
    {
        appliedCount++;
        final String invalid = command.validate();
        if (null != invalid)
        {
            out.reply(ResultCode.INVALID_ARGUMENT);
            return;
        }
        switch (command.type())
        {
            case CREATE_PRODUCT -> createProduct(command.productId(), command.units(), out);
            case RESTOCK -> restock(command.productId(), command.units(), out);
            case PLACE_ORDER -> placeOrder(command, timestamp, out);
            case CANCEL_ORDER -> cancelOrder(command.login(), command.orderId(), timestamp, out);
            default -> throw new IllegalStateException("unhandled " + command.type());
        }
    }

    private void createProduct(final long productId, final long units, final LogicOutput out)
    {
        if (products.containsKey(productId))
        {
            out.reply(ResultCode.ALREADY_EXISTS);
            return;
        }
        final long share = StockSplit.share(units, islands, island);
        final Product product = new Product(productId);
        product.received = share;
        product.available = share;
        products.put(productId, product);
        out.reply(ResultCode.CREATED);
    }

    private void restock(final long productId, final long units, final LogicOutput out)
    {
        final Product product = products.get(productId);
        if (null == product)
        {
            out.reply(ResultCode.UNKNOWN_PRODUCT);
            return;
        }
        final long share = StockSplit.share(units, islands, island);
        if (share > Long.MAX_VALUE - product.received)
        {
            out.reply(ResultCode.INVALID_ARGUMENT);
            return;
        }
        product.received += share;
        product.available += share;
        out.reply(ResultCode.RESTOCKED);
    }

    private void placeOrder(final Command command, final long timestamp, final LogicOutput out)
    {
        final String login = command.login();
        Long2ObjectHashMap<Order> userOrders = ordersByUser.get(login);
        if (null != userOrders && userOrders.containsKey(command.orderId()))
        {
            out.reply(ResultCode.DUPLICATE_ORDER);
            return;
        }
        if (null == userOrders)
        {
            userOrders = new Long2ObjectHashMap<>();
            ordersByUser.put(login, userOrders);
        }

        final int lines = command.lineCount();
        final long[] productIds = new long[lines];
        final int[] quantities = new int[lines];
        for (int i = 0; i < lines; i++)
        {
            productIds[i] = command.lineProductId(i);
            quantities[i] = command.lineQuantity(i);
        }
        final Order order = new Order(login, command.orderId(), productIds, quantities, timestamp);
        userOrders.put(order.orderId, order);
        orderCount++;

        ResultCode outcome = ResultCode.CONFIRMED;
        int taken = 0;
        for (; taken < lines; taken++)
        {
            final Product product = products.get(productIds[taken]);
            if (null == product)
            {
                outcome = ResultCode.UNKNOWN_PRODUCT;
                break;
            }
            if (product.available < quantities[taken])
            {
                outcome = ResultCode.OUT_OF_STOCK;
                break;
            }
            product.available -= quantities[taken];
            product.reserved += quantities[taken];
        }

        if (outcome == ResultCode.CONFIRMED)
        {
            for (int i = 0; i < lines; i++)
            {
                final Product product = products.get(productIds[i]);
                product.reserved -= quantities[i];
                product.sold += quantities[i];
            }
            order.state = OrderState.CONFIRMED;
        }
        else
        {
            for (int i = 0; i < taken; i++)
            {
                final Product product = products.get(productIds[i]);
                product.reserved -= quantities[i];
                product.available += quantities[i];
            }
            order.state = OrderState.REJECTED;
            order.reason = outcome;
        }
        order.decidedAt = timestamp;
        out.reply(outcome);
    }

    private void cancelOrder(final String login, final long orderId, final long timestamp, final LogicOutput out)
    {
        final Order order = order(login, orderId);
        if (null == order)
        {
            out.reply(ResultCode.UNKNOWN_ORDER);
            return;
        }
        if (order.state != OrderState.CONFIRMED)
        {
            out.reply(ResultCode.ORDER_ALREADY_TERMINAL);
            return;
        }
        for (int i = 0; i < order.productIds.length; i++)
        {
            final Product product = products.get(order.productIds[i]);
            product.sold -= order.quantities[i];
            product.available += order.quantities[i];
        }
        order.state = OrderState.CANCELLED;
        order.decidedAt = timestamp;
        out.reply(ResultCode.CANCELLED);
    }

    /**
     * @param productId a product.
     * @return this island's allocation of it, or {@code null}.
     */
    public Product product(final long productId)
    {
        return products.get(productId);
    }

    /**
     * @param login   a user.
     * @param orderId the user's order id.
     * @return the order, or {@code null}.
     */
    public Order order(final String login, final long orderId)
    {
        final Long2ObjectHashMap<Order> userOrders = ordersByUser.get(login);
        return null == userOrders ? null : userOrders.get(orderId);
    }

    /**
     * @param productId a product.
     * @return this island's view of the product.
     */
    public ProductView productView(final long productId)
    {
        final Product product = products.get(productId);
        if (null == product)
        {
            return ProductView.unknown(productId);
        }
        return new ProductView(productId, true, 1, product.received, product.available, product.reserved,
            product.sold, 0);
    }

    /**
     * @param login   a user.
     * @param orderId the user's order id.
     * @return the order's status ({@link OrderState#UNKNOWN} when there is no such order).
     */
    public OrderStatus orderStatus(final String login, final long orderId)
    {
        final Order order = order(login, orderId);
        if (null == order)
        {
            return new OrderStatus(login, orderId, OrderState.UNKNOWN, null, List.of(), island);
        }
        final List<OrderLine> lines = new ArrayList<>(order.productIds.length);
        for (int i = 0; i < order.productIds.length; i++)
        {
            lines.add(new OrderLine(order.productIds[i], order.quantities[i]));
        }
        return new OrderStatus(login, orderId, order.state, order.reason, List.copyOf(lines), island);
    }

    /**
     * @return number of products this island knows.
     */
    public int productCount()
    {
        return products.size();
    }

    /**
     * @return number of orders this island holds, in any state.
     */
    public long orderCount()
    {
        return orderCount;
    }

    /**
     * @return number of inputs applied since this state was built.
     */
    public long appliedCount()
    {
        return appliedCount;
    }

    /**
     * @return the ids of every product this island knows, ascending.
     */
    public long[] productIdsSorted()
    {
        final long[] ids = new long[products.size()];
        int i = 0;
        final Long2ObjectHashMap<Product>.KeyIterator keys = products.keySet().iterator();
        while (keys.hasNext())
        {
            ids[i++] = keys.nextLong();
        }
        Arrays.sort(ids);
        return ids;
    }

    /**
     * @return every user with at least one order, in {@link String#compareTo} order.
     */
    public String[] loginsSorted()
    {
        final String[] logins = ordersByUser.keySet().toArray(new String[0]);
        Arrays.sort(logins);
        return logins;
    }

    /**
     * @param login a user.
     * @return the user's order ids, ascending (empty when none).
     */
    public long[] orderIdsSorted(final String login)
    {
        final Long2ObjectHashMap<Order> userOrders = ordersByUser.get(login);
        if (null == userOrders)
        {
            return new long[0];
        }
        final long[] ids = new long[userOrders.size()];
        int i = 0;
        final Long2ObjectHashMap<Order>.KeyIterator keys = userOrders.keySet().iterator();
        while (keys.hasNext())
        {
            ids[i++] = keys.nextLong();
        }
        Arrays.sort(ids);
        return ids;
    }

    /**
     * A hash of the canonical logical state: products by ascending id, then orders by login and order id. Equal
     * digests mean equal states. Walks the whole state; not for the hot path.
     *
     * @return 32 hex digits.
     */
    public String digest()
    {
        final Hasher hasher = Hashing.murmur3_128(0x4172_6368).newHasher();
        hasher.putInt(island).putInt(islands);
        final long[] productIds = productIdsSorted();
        hasher.putInt(productIds.length);
        for (final long id : productIds)
        {
            final Product p = products.get(id);
            hasher.putLong(id).putLong(p.received).putLong(p.available).putLong(p.reserved).putLong(p.sold);
        }
        final String[] logins = loginsSorted();
        hasher.putInt(logins.length);
        for (final String login : logins)
        {
            hasher.putUnencodedChars(login).putInt(login.length());
            final long[] orderIds = orderIdsSorted(login);
            hasher.putInt(orderIds.length);
            for (final long orderId : orderIds)
            {
                final Order o = order(login, orderId);
                hasher.putLong(orderId).putInt(o.state.ordinal()).putInt(null == o.reason ? -1 : o.reason.code())
                    .putLong(o.placedAt).putLong(o.decidedAt).putInt(o.productIds.length);
                for (int i = 0; i < o.productIds.length; i++)
                {
                    hasher.putLong(o.productIds[i]).putInt(o.quantities[i]);
                }
            }
        }
        return hasher.hash().toString();
    }
}
