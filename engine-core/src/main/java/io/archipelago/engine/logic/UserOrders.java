package io.archipelago.engine.logic;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * One user's orders at an island: the orders still waiting, as {@link Order} objects, and the decided ones, as records
 * in the island's {@link OrderArchive} found through the island's {@link OrderIndex} under the user's number and
 * chained newest to oldest for listing. An order id is either waiting or decided. Keys are
 * {@link InventoryLogic#mapKey(long)} of the order id. The login is the one string the island keeps for the user (the
 * key of its user map), shared by the user's waiting orders.
 */
final class UserOrders
{
    final String login;
    /** The user's number at this island, in order of first appearance; never leaves the island's memory. */
    final int number;
    /** Waiting orders; {@code null} until the user has one. */
    Long2ObjectHashMap<Order> waiting;
    private long newestArchived = OrderArchive.NO_RECORD;
    private int archivedCount;

    UserOrders(final String login, final int number)
    {
        this.login = login;
        this.number = number;
    }

    boolean holds(final OrderIndex index, final long key)
    {
        return OrderArchive.NO_RECORD != index.get(number, key) || (null != waiting && waiting.containsKey(key));
    }

    /**
     * @return the decided order's archive address, or {@link OrderArchive#NO_RECORD}.
     */
    long archived(final OrderIndex index, final long key)
    {
        return index.get(number, key);
    }

    /**
     * Records a decided order: indexes it and chains it to the user's newest.
     */
    void addArchived(final OrderIndex index, final OrderArchive archive, final long key, final long address)
    {
        archive.previousOfUser(address, newestArchived);
        newestArchived = address;
        archivedCount++;
        index.put(number, key, address);
    }

    /**
     * @return the address of the user's newest decided order; older ones follow through
     *         {@link OrderArchive#previousOfUser(long)}.
     */
    long newestArchived()
    {
        return newestArchived;
    }

    Order waitingOrder(final long key)
    {
        return null == waiting ? null : waiting.get(key);
    }

    Long2ObjectHashMap<Order> waiting()
    {
        if (null == waiting)
        {
            waiting = new Long2ObjectHashMap<>();
        }
        return waiting;
    }

    int size()
    {
        return archivedCount + (null == waiting ? 0 : waiting.size());
    }
}
