package io.archipelago.engine.crash;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.invariants.Invariants;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.model.OrderStatus;
import io.archipelago.engine.model.ProductView;
import io.archipelago.router.PartitionRouter;

/**
 * What the checks read: order status and each island's view of a product, from islands rebuilt by
 * {@link JournalReplay} or from a running engine through its API.
 */
interface StateView
{
    /**
     * @param login   a user.
     * @param orderId an order id.
     * @return the order's status at the user's island.
     */
    OrderStatus orderStatus(String login, long orderId);

    /**
     * @param partition an island.
     * @param productId a product.
     * @return that island's view of the product.
     */
    ProductView productView(int partition, long productId);

    /**
     * @return the invariants over what this view reads: over the islands' states when rebuilt from their journals,
     *         over every island's views of products {@code 1..}{@link CrashWorkload#PRODUCTS} from a running engine.
     */
    Invariants invariants();

    /**
     * @param islands islands rebuilt from their journals.
     * @return a view of them.
     */
    static StateView of(final List<JournalReplay.Island> islands)
    {
        final PartitionRouter router = new PartitionRouter(islands.size());
        return new StateView()
        {
            @Override
            public OrderStatus orderStatus(final String login, final long orderId)
            {
                return islands.get(router.partitionOf(login)).logic().orderStatus(login, orderId);
            }

            @Override
            public ProductView productView(final int partition, final long productId)
            {
                return islands.get(partition).logic().productView(productId);
            }

            @Override
            public Invariants invariants()
            {
                final List<InventoryLogic> states = new ArrayList<>(islands.size());
                for (final JournalReplay.Island island : islands)
                {
                    states.add(island.logic());
                }
                return Invariants.of(states);
            }
        };
    }

    /**
     * Asks a running engine. Order statuses of every acknowledged order are fetched up front with
     * {@link Archipelago#orderStatus}, a window of queries at a time; product views are asked when read.
     *
     * @param engine the engine.
     * @param acks   the acknowledgement log's lines.
     * @return a view of the engine.
     */
    static StateView of(final Archipelago engine, final List<AckLine> acks)
    {
        final Map<String, OrderStatus> statuses = new HashMap<>();
        final List<CompletableFuture<OrderStatus>> window = new ArrayList<>();
        for (final AckLine ack : acks)
        {
            if (null != ack.login())
            {
                window.add(engine.orderStatus(ack.login(), ack.id()));
                if (window.size() == 128)
                {
                    collect(window, statuses);
                }
            }
        }
        collect(window, statuses);
        return new StateView()
        {
            @Override
            public OrderStatus orderStatus(final String login, final long orderId)
            {
                return statuses.get(key(login, orderId));
            }

            @Override
            public ProductView productView(final int partition, final long productId)
            {
                return engine.productView(partition, productId).orTimeout(30, TimeUnit.SECONDS).join();
            }

            @Override
            public Invariants invariants()
            {
                final List<List<ProductView>> views = new ArrayList<>(CrashWorkload.PARTITIONS);
                for (int partition = 0; partition < CrashWorkload.PARTITIONS; partition++)
                {
                    final List<ProductView> island = new ArrayList<>(CrashWorkload.PRODUCTS);
                    for (long product = 1; product <= CrashWorkload.PRODUCTS; product++)
                    {
                        island.add(productView(partition, product));
                    }
                    views.add(island);
                }
                return Invariants.ofViews(views);
            }
        };
    }

    private static void collect(final List<CompletableFuture<OrderStatus>> window,
        final Map<String, OrderStatus> statuses)
    {
        for (final CompletableFuture<OrderStatus> future : window)
        {
            final OrderStatus status = future.orTimeout(30, TimeUnit.SECONDS).join();
            statuses.put(key(status.login(), status.orderId()), status);
        }
        window.clear();
    }

    private static String key(final String login, final long orderId)
    {
        return login + '#' + orderId;
    }
}
