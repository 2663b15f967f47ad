package io.archipelago.engine.logic;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.TransferStrategy;
import io.archipelago.messaging.LinkOutbox;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes an island's whole logical state to bytes and reads it back: products (allocations, waiting orders, search
 * state), orders, timers (with their ids, so they fire in the same order), link high-water marks, the outbox's
 * unacknowledged messages, policy and counters. Entries are written in sorted order, so equal states give equal
 * bytes. Reading rebuilds exactly the state that was written: its {@link InventoryLogic#digest()} is the same. An
 * order is written the same way whether the island holds it waiting (an {@link Order}) or decided (a record of its
 * order archive), so the format does not depend on how orders are stored; reading puts waiting orders back as objects
 * and decided ones into the archive.
 * <pre>
 *   island islands | policy | counters | statistics | high-water marks | outbox links | orders | products
 *   | awaiting creation | timers
 * </pre>
 */
public final class LogicSnapshot
{
    private static final int MAGIC = 0x4C534E50;
    private static final int VERSION = 1;

    private LogicSnapshot()
    {
    }

    /**
     * @param logic the state; call between inputs on the thread that owns it.
     * @return the state as bytes.
     */
    public static byte[] write(final InventoryLogic logic)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            writeTo(logic, out);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    /**
     * @param bytes      what {@link #write(InventoryLogic)} produced.
     * @param configured the strategy the engine is configured with (besides the default).
     * @return the state.
     * @throws IllegalStateException when the bytes are not a snapshot this version reads.
     */
    public static InventoryLogic read(final byte[] bytes, final TransferStrategy configured)
    {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes)))
        {
            return readFrom(in, configured);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("unreadable island state: " + ex.getMessage(), ex);
        }
    }

    private static void writeTo(final InventoryLogic logic, final DataOutputStream out) throws IOException
    {
        final int islands = logic.islands();
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(logic.island());
        out.writeInt(islands);
        out.writeUTF(logic.strategy.name());
        out.writeInt(logic.transferTimeoutMillis);
        out.writeInt(logic.retryInitialMillis);
        out.writeInt(logic.retryMaxMillis);
        out.writeLong(logic.nextRequestId);
        out.writeLong(logic.orderCount);
        out.writeLong(logic.pendingOrders);
        out.writeLong(logic.appliedCount);
        writeStatistics(logic.statistics, out);

        for (int source = 0; source < islands; source++)
        {
            out.writeLong(logic.inbound().highWaterMark(source));
        }
        for (int target = 0; target < islands; target++)
        {
            if (target == logic.island())
            {
                continue;
            }
            final LinkOutbox link = logic.outbox().link(target);
            out.writeLong(link.firstSequence());
            out.writeInt(link.size());
            final IOException[] failure = new IOException[1];
            link.forEach(link.firstSequence(), (t, sequence, buffer, offset, length) ->
            {
                try
                {
                    final byte[] payload = new byte[length];
                    buffer.getBytes(offset, payload);
                    out.writeInt(length);
                    out.write(payload);
                }
                catch (final IOException ex)
                {
                    failure[0] = ex;
                }
            });
            if (null != failure[0])
            {
                throw failure[0];
            }
        }

        final OrderArchive archive = logic.archive;
        final String[] logins = logic.loginsSorted();
        out.writeInt(logins.length);
        for (final String login : logins)
        {
            out.writeUTF(login);
            final UserOrders user = logic.ordersByUser.get(login);
            final long[] orderIds = logic.orderIdsSorted(login);
            out.writeInt(orderIds.length);
            for (final long orderId : orderIds)
            {
                final long key = InventoryLogic.mapKey(orderId);
                final Order o = user.waitingOrder(key);
                if (null == o)
                {
                    writeArchived(archive, user.archived.get(key), out);
                    continue;
                }
                out.writeLong(orderId);
                out.writeLong(o.placedAt);
                out.writeLong(o.deadline);
                out.writeByte(o.state.ordinal());
                out.writeInt(null == o.reason ? -1 : o.reason.code());
                out.writeLong(o.decidedAt);
                out.writeLong(o.awaitingProductId);
                out.writeBoolean(o.awaitingCreation);
                out.writeBoolean(o.neededTransfer);
                out.writeInt(o.productIds.length);
                for (int i = 0; i < o.productIds.length; i++)
                {
                    out.writeLong(o.productIds[i]);
                    out.writeInt(o.quantities[i]);
                    out.writeInt(o.reservedPerLine[i]);
                }
            }
        }

        final long[] productIds = logic.productIdsSorted();
        out.writeInt(productIds.length);
        for (final long id : productIds)
        {
            final Product p = logic.products.get(InventoryLogic.mapKey(id));
            out.writeLong(id);
            out.writeLong(p.totalUnits);
            out.writeLong(p.received);
            out.writeLong(p.available);
            out.writeLong(p.reserved);
            out.writeLong(p.sold);
            out.writeLong(p.transferredIn);
            out.writeLong(p.transferredOut);
            out.writeLong(p.waitingUnmet);
            out.writeInt(p.round);
            out.writeBoolean(p.roundMayFreeUp);
            out.writeInt(p.retries);
            out.writeInt(p.emptyRounds);
            out.writeLong(p.outstandingRequestId);
            out.writeInt(p.outstandingPeer);
            out.writeBoolean(null != p.hints);
            if (null != p.hints)
            {
                for (int i = 0; i < islands; i++)
                {
                    out.writeLong(p.hints[i]);
                    out.writeInt(p.asked[i]);
                }
            }
            int waiting = 0;
            for (final Order order : p.waiting)
            {
                waiting += isWaitingFor(order, id) ? 1 : 0;
            }
            out.writeInt(waiting);
            for (final Order order : p.waiting)
            {
                if (isWaitingFor(order, id))
                {
                    out.writeUTF(order.login);
                    out.writeLong(order.orderId);
                }
            }
        }

        final long[] awaited = sortedKeys(logic.awaitingCreation);
        out.writeInt(awaited.length);
        for (final long productId : awaited)
        {
            out.writeLong(productId);
            final ArrayDeque<Order> queue = logic.awaitingCreation.get(productId);
            int live = 0;
            for (final Order order : queue)
            {
                live += awaits(order, productId) ? 1 : 0;
            }
            out.writeInt(live);
            for (final Order order : queue)
            {
                if (awaits(order, productId))
                {
                    out.writeUTF(order.login);
                    out.writeLong(order.orderId);
                }
            }
        }

        out.writeLong(logic.timers.nextId());
        final var timers = logic.timers.liveSorted();
        out.writeInt(timers.size());
        for (final Timer timer : timers)
        {
            out.writeLong(timer.id);
            out.writeLong(timer.deadline);
            out.writeInt(timer.kind);
            out.writeLong(timer.productId);
            out.writeLong(timer.requestId);
            out.writeBoolean(null != timer.order);
            if (null != timer.order)
            {
                out.writeUTF(timer.order.login);
                out.writeLong(timer.order.orderId);
            }
        }
    }

    private static void writeArchived(final OrderArchive archive, final long address, final DataOutputStream out)
        throws IOException
    {
        final ResultCode reason = archive.reason(address);
        out.writeLong(archive.orderId(address));
        out.writeLong(archive.placedAt(address));
        out.writeLong(archive.deadline(address));
        out.writeByte(archive.state(address).ordinal());
        out.writeInt(null == reason ? -1 : reason.code());
        out.writeLong(archive.decidedAt(address));
        out.writeLong(archive.awaitedProductId(address));
        out.writeBoolean(archive.awaitingCreation(address));
        out.writeBoolean(archive.neededTransfer(address));
        final int lines = archive.lineCount(address);
        out.writeInt(lines);
        for (int i = 0; i < lines; i++)
        {
            out.writeLong(archive.productId(address, i));
            out.writeInt(archive.quantity(address, i));
            out.writeInt(archive.reserved(address, i));
        }
    }

    private static InventoryLogic readFrom(final DataInputStream in, final TransferStrategy configured)
        throws IOException
    {
        if (in.readInt() != MAGIC)
        {
            throw new IllegalStateException("not an island state snapshot");
        }
        final int version = in.readInt();
        if (version != VERSION)
        {
            throw new IllegalStateException("island state format " + version + " is not readable by this version");
        }
        final int island = in.readInt();
        final int islands = in.readInt();
        final InventoryLogic logic = new InventoryLogic(island, islands, configured);
        final String strategyName = in.readUTF();
        final TransferStrategy strategy = logic.strategies.get(strategyName);
        if (null == strategy)
        {
            throw new IllegalStateException("snapshot uses transfer strategy '" + strategyName + "' but this engine " +
                "knows only " + logic.strategies.keySet());
        }
        logic.strategy = strategy;
        logic.transferTimeoutMillis = in.readInt();
        logic.retryInitialMillis = in.readInt();
        logic.retryMaxMillis = in.readInt();
        logic.nextRequestId = in.readLong();
        logic.orderCount = in.readLong();
        logic.pendingOrders = in.readLong();
        logic.appliedCount = in.readLong();
        readStatistics(logic.statistics, in);

        for (int source = 0; source < islands; source++)
        {
            final long highWaterMark = in.readLong();
            if (source != island)
            {
                logic.inbound().restore(source, highWaterMark);
            }
        }
        for (int target = 0; target < islands; target++)
        {
            if (target == island)
            {
                continue;
            }
            final long first = in.readLong();
            final int count = in.readInt();
            logic.outbox().restoreLink(target, first);
            for (int i = 0; i < count; i++)
            {
                final byte[] payload = new byte[in.readInt()];
                in.readFully(payload);
                logic.outbox().append(target, new UnsafeBuffer(payload), 0, payload.length);
            }
        }

        final int users = in.readInt();
        for (int u = 0; u < users; u++)
        {
            final String login = in.readUTF();
            final UserOrders user = new UserOrders(login);
            final int count = in.readInt();
            for (int k = 0; k < count; k++)
            {
                final long orderId = in.readLong();
                final long placedAt = in.readLong();
                final long deadline = in.readLong();
                final OrderState state = OrderState.values()[in.readByte()];
                final int reason = in.readInt();
                final long decidedAt = in.readLong();
                final long awaitingProductId = in.readLong();
                final boolean awaitingCreation = in.readBoolean();
                final boolean neededTransfer = in.readBoolean();
                final int lines = in.readInt();
                final long[] productIds = new long[lines];
                final int[] quantities = new int[lines];
                final int[] reserved = new int[lines];
                for (int i = 0; i < lines; i++)
                {
                    productIds[i] = in.readLong();
                    quantities[i] = in.readInt();
                    reserved[i] = in.readInt();
                }
                final Order order = new Order(login, orderId, productIds, quantities, placedAt, deadline);
                System.arraycopy(reserved, 0, order.reservedPerLine, 0, lines);
                order.state = state;
                order.reason = reason < 0 ? null : ResultCode.ofCode(reason);
                order.decidedAt = decidedAt;
                order.awaitingProductId = awaitingProductId;
                order.awaitingCreation = awaitingCreation;
                order.neededTransfer = neededTransfer;
                final long key = InventoryLogic.mapKey(orderId);
                if (user.holds(key))
                {
                    throw new IllegalStateException("snapshot holds order " + login + "#" + orderId + " twice");
                }
                if (state == OrderState.PENDING)
                {
                    user.waiting().put(key, order);
                }
                else
                {
                    user.archived.put(key, InventoryLogic.archive(logic.archive, order));
                }
            }
            logic.ordersByUser.put(login, user);
        }
        final Map<String, UserOrders> orders = logic.ordersByUser;

        final Map<Long, Product> restoredProducts = new HashMap<>();
        final int productCount = in.readInt();
        for (int k = 0; k < productCount; k++)
        {
            final Product p = new Product(in.readLong());
            p.totalUnits = in.readLong();
            p.received = in.readLong();
            p.available = in.readLong();
            p.reserved = in.readLong();
            p.sold = in.readLong();
            p.transferredIn = in.readLong();
            p.transferredOut = in.readLong();
            p.waitingUnmet = in.readLong();
            p.round = in.readInt();
            p.roundMayFreeUp = in.readBoolean();
            p.retries = in.readInt();
            p.emptyRounds = in.readInt();
            p.outstandingRequestId = in.readLong();
            p.outstandingPeer = in.readInt();
            if (in.readBoolean())
            {
                p.ensureSearchState(islands);
                for (int i = 0; i < islands; i++)
                {
                    p.hints[i] = in.readLong();
                    p.asked[i] = in.readInt();
                }
            }
            final int waiting = in.readInt();
            for (int i = 0; i < waiting; i++)
            {
                p.waiting.add(find(orders, in.readUTF(), in.readLong()));
            }
            logic.products.put(InventoryLogic.mapKey(p.id), p);
            restoredProducts.put(p.id, p);
        }

        final int awaited = in.readInt();
        for (int k = 0; k < awaited; k++)
        {
            final long productId = in.readLong();
            final ArrayDeque<Order> queue = new ArrayDeque<>();
            final int count = in.readInt();
            for (int i = 0; i < count; i++)
            {
                queue.add(find(orders, in.readUTF(), in.readLong()));
            }
            logic.awaitingCreation.put(productId, queue);
        }

        logic.timers.restoreNextId(in.readLong());
        final int timerCount = in.readInt();
        for (int k = 0; k < timerCount; k++)
        {
            final long id = in.readLong();
            final long deadline = in.readLong();
            final int kind = in.readInt();
            final long productId = in.readLong();
            final long requestId = in.readLong();
            final Order order = in.readBoolean() ? find(orders, in.readUTF(), in.readLong()) : null;
            final Timer timer = logic.timers.restore(id, deadline, kind, order, productId, requestId);
            switch (kind)
            {
                case Timer.ORDER_DEADLINE -> order.deadlineTimer = timer;
                case Timer.REQUEST_TIMEOUT -> restoredProducts.get(productId).requestTimer = timer;
                case Timer.SEARCH_RETRY -> restoredProducts.get(productId).retryTimer = timer;
                default -> throw new IllegalStateException("unknown timer kind " + kind);
            }
        }
        return logic;
    }

    private static boolean isWaitingFor(final Order order, final long productId)
    {
        return order.state == OrderState.PENDING && !order.awaitingCreation && order.unmet(productId) > 0;
    }

    private static boolean awaits(final Order order, final long productId)
    {
        return order.state == OrderState.PENDING && order.awaitingCreation && order.awaitingProductId == productId;
    }

    private static Order find(final Map<String, UserOrders> orders, final String login, final long orderId)
    {
        final UserOrders user = orders.get(login);
        final Order order = null == user ? null : user.waitingOrder(InventoryLogic.mapKey(orderId));
        if (null == order)
        {
            throw new IllegalStateException("snapshot refers to waiting order " + login + "#" + orderId +
                " it does not hold as waiting");
        }
        return order;
    }

    private static long[] sortedKeys(final Long2ObjectHashMap<?> map)
    {
        final long[] keys = new long[map.size()];
        int i = 0;
        final Long2ObjectHashMap<?>.KeyIterator iterator = map.keySet().iterator();
        while (iterator.hasNext())
        {
            keys[i++] = iterator.nextLong();
        }
        java.util.Arrays.sort(keys);
        return keys;
    }

    private static void writeStatistics(final LogicStatistics s, final DataOutputStream out) throws IOException
    {
        for (final long value : new long[]{s.ordersPlaced, s.ordersConfirmed, s.ordersRejected, s.ordersCancelled,
            s.ordersNeededTransfer, s.requestsSent, s.grantsSent, s.denialsSent, s.grantsReceived, s.denialsReceived,
            s.unitsSent, s.unitsReceived, s.requestTimeouts, s.unknownRequests})
        {
            out.writeLong(value);
        }
    }

    private static void readStatistics(final LogicStatistics s, final DataInputStream in) throws IOException
    {
        s.ordersPlaced = in.readLong();
        s.ordersConfirmed = in.readLong();
        s.ordersRejected = in.readLong();
        s.ordersCancelled = in.readLong();
        s.ordersNeededTransfer = in.readLong();
        s.requestsSent = in.readLong();
        s.grantsSent = in.readLong();
        s.denialsSent = in.readLong();
        s.grantsReceived = in.readLong();
        s.denialsReceived = in.readLong();
        s.unitsSent = in.readLong();
        s.unitsReceived = in.readLong();
        s.requestTimeouts = in.readLong();
        s.unknownRequests = in.readLong();
    }
}
