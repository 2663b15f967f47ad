package io.archipelago.engine.logic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.OrderStatus;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.TransferPolicy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decided orders live in the island's {@link OrderArchive}, waiting ones as {@link Order} objects: the logic must
 * behave, report, snapshot and digest exactly as if every order were one object.
 */
class InventoryLogicArchiveTest
{
    private static final long APPLE = 11;
    private static final long PEAR = 22;

    @Test
    void shouldArchiveOrderConfirmedAtOnceWithoutWaitingOrderObject()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(0, 2));
        driver.create(APPLE, 100);

        for (long orderId = 1; orderId <= 20; orderId++)
        {
            assertEquals(ResultCode.CONFIRMED, driver.order("alice", orderId, APPLE, 1, APPLE, 1));
        }

        final UserOrders user = driver.logic().orders.byUser.get("alice");
        assertNull(user.waiting, "no order of alice ever waited");
        assertEquals(20, user.archived.size());
        assertEquals(20, driver.logic().archivedOrderCount());
        assertEquals(10, driver.logic().product(APPLE).available());
        assertEquals(40, driver.logic().product(APPLE).sold());
        assertEquals(0, driver.logic().product(APPLE).reserved());
        final Order order = driver.logic().order("alice", 7);
        assertEquals(OrderState.CONFIRMED, order.state());
        assertEquals(2, order.lineCount());
        assertEquals(1, order.reserved(0));
        assertEquals(1, order.reserved(1));
    }

    @Test
    void shouldKeepTheUserMapKeyAsTheLoginOfWaitingOrders()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(0, 1));
        assertNull(driver.order("alice", 1, PEAR, 1));
        assertNull(driver.order("alice", 2, PEAR, 1));

        final UserOrders user = driver.logic().orders.byUser.get("alice");
        assertSame(user.login, driver.logic().order("alice", 1).login());
        assertSame(user.login, driver.logic().order("alice", 2).login());
    }

    @Test
    void shouldReturnWaitingOrderItselfAndArchivedOrderAsCopy()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(0, 1));
        driver.create(APPLE, 10);
        assertEquals(ResultCode.CONFIRMED, driver.order("alice", 1, APPLE, 4));
        assertNull(driver.order("alice", 2, PEAR, 3));

        final InventoryLogic logic = driver.logic();
        final Order waiting = logic.order("alice", 2);
        assertSame(waiting, logic.order("alice", 2), "a waiting order is the island's own object");
        assertEquals(OrderState.PENDING, logic.orderState("alice", 2));
        assertNotSame(logic.order("alice", 1), logic.order("alice", 1), "a decided order is read from the archive");
        assertEquals(OrderState.CONFIRMED, logic.orderState("alice", 1));
        assertEquals(OrderState.UNKNOWN, logic.orderState("alice", 3));
        assertEquals(OrderState.UNKNOWN, logic.orderState("bob", 1));
        assertNull(logic.order("alice", 3));
        assertNull(logic.order("bob", 1));
        assertArrayEquals(new long[]{1, 2}, logic.orderIdsSorted("alice"));

        driver.create(PEAR, 10);

        assertEquals(OrderState.CONFIRMED, waiting.state(), "the object follows the order until it is decided");
        assertEquals(OrderState.CONFIRMED, logic.orderState("alice", 2));
        assertNotSame(waiting, logic.order("alice", 2), "once decided the order lives in the archive");
        assertTrue(logic.orders.byUser.get("alice").waiting.isEmpty());
        assertEquals(2, logic.archivedOrderCount());
        final OrderStatus status = logic.orderStatus("alice", 2);
        assertEquals(OrderState.CONFIRMED, status.state());
        assertEquals(1, status.lines().size());
        assertEquals(PEAR, status.lines().get(0).productId());
        assertEquals(3, status.lines().get(0).quantity());
    }

    @Test
    void shouldRefuseDuplicateOrderIdWhetherEarlierOrderWaitsOrIsArchived()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(0, 1));
        driver.create(APPLE, 10);
        assertEquals(ResultCode.CONFIRMED, driver.order("alice", 1, APPLE, 1));
        assertNull(driver.order("alice", 2, PEAR, 1));
        final String digest = driver.logic().digest();

        assertEquals(ResultCode.DUPLICATE_ORDER, driver.order("alice", 1, APPLE, 1));
        assertEquals(ResultCode.DUPLICATE_ORDER, driver.order("alice", 2, APPLE, 1));

        assertEquals(digest, driver.logic().digest());
        assertEquals(ResultCode.CONFIRMED, driver.order("bob", 1, APPLE, 1), "order ids are per user");
    }

    @Test
    void shouldCancelArchivedConfirmedOrderReturningItsUnitsOnce()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(0, 1));
        driver.create(APPLE, 10);
        driver.create(PEAR, 10);
        assertEquals(ResultCode.CONFIRMED, driver.order("alice", 1, APPLE, 3, PEAR, 2, APPLE, 1));
        final long placedAt = driver.now();

        assertEquals(ResultCode.CANCELLED, driver.cancel("alice", 1));
        final long cancelledAt = driver.now();

        final InventoryLogic logic = driver.logic();
        assertEquals(10, logic.product(APPLE).available());
        assertEquals(0, logic.product(APPLE).sold());
        assertEquals(10, logic.product(PEAR).available());
        final Order order = logic.order("alice", 1);
        assertEquals(OrderState.CANCELLED, order.state());
        assertNull(order.reason());
        assertEquals(placedAt, order.placedAt());
        assertEquals(cancelledAt, order.decidedAt());
        assertEquals(1, logic.statistics().ordersCancelled());
        assertEquals(ResultCode.ORDER_ALREADY_TERMINAL, driver.cancel("alice", 1));
        assertEquals(10, logic.product(APPLE).available(), "a second cancel returns nothing");
        assertEquals(ResultCode.DUPLICATE_ORDER, driver.order("alice", 1, APPLE, 1));
        assertEquals(ResultCode.UNKNOWN_ORDER, driver.cancel("alice", 2));
        assertEquals(ResultCode.UNKNOWN_ORDER, driver.cancel("bob", 1));
    }

    @Test
    void shouldCancelArchivedConfirmedOrderThatHadWaited()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(0, 1));
        assertNull(driver.order("alice", 1, PEAR, 4));
        driver.create(PEAR, 10);
        assertEquals(OrderState.CONFIRMED, driver.logic().orderState("alice", 1));

        assertEquals(ResultCode.CANCELLED, driver.cancel("alice", 1));

        assertEquals(10, driver.logic().product(PEAR).available());
        final Order order = driver.logic().order("alice", 1);
        assertEquals(OrderState.CANCELLED, order.state());
        assertTrue(order.neededTransfer());
        assertEquals(4, order.reserved(0), "a cancelled confirmed order keeps its lines as they were");
    }

    @Test
    void shouldArchiveRejectedAndCancelledWaitingOrders()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(0, 1));
        driver.create(APPLE, 5);
        assertEquals(ResultCode.OUT_OF_STOCK, driver.order("alice", 1, APPLE, 6));
        assertNull(driver.order("alice", 2, PEAR, 1));
        assertNull(driver.order("alice", 3, PEAR, 1));
        assertEquals(ResultCode.CANCELLED, driver.cancel("alice", 2));
        driver.tickAt(driver.logic().order("alice", 3).deadline());

        final InventoryLogic logic = driver.logic();
        assertEquals(OrderState.REJECTED, logic.orderState("alice", 1));
        assertEquals(ResultCode.OUT_OF_STOCK, logic.order("alice", 1).reason());
        assertEquals(OrderState.CANCELLED, logic.orderState("alice", 2));
        assertEquals(OrderState.REJECTED, logic.orderState("alice", 3));
        assertEquals(ResultCode.UNKNOWN_PRODUCT, logic.order("alice", 3).reason());
        assertEquals(3, logic.archivedOrderCount());
        assertTrue(logic.orders.byUser.get("alice").waiting.isEmpty());
        assertEquals(0, logic.pendingOrderCount());
        assertEquals(ResultCode.ORDER_ALREADY_TERMINAL, driver.cancel("alice", 1));
        assertEquals(ResultCode.ORDER_ALREADY_TERMINAL, driver.cancel("alice", 3));
    }

    @Test
    void shouldRestoreArchivedAndWaitingOrdersFromSnapshotAndContinueIdentically()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(0, 1));
        driver.create(APPLE, 10);
        assertEquals(ResultCode.CONFIRMED, driver.order("alice", 1, APPLE, 3));
        assertEquals(ResultCode.CONFIRMED, driver.order("bob", 1, APPLE, 2, APPLE, 1));
        assertEquals(ResultCode.CANCELLED, driver.cancel("bob", 1));
        assertEquals(ResultCode.OUT_OF_STOCK, driver.order("carol", 1, APPLE, 50));
        assertNull(driver.order("alice", 2, PEAR, 2, APPLE, 1));
        assertNull(driver.order("dave", 1, PEAR, 1));

        final byte[] bytes = LogicSnapshot.write(driver.logic());
        final InventoryLogic restored = LogicSnapshot.read(bytes, TransferPolicy.DEFAULT.strategy());

        assertEquals(driver.logic().digest(), restored.digest());
        assertArrayEquals(bytes, LogicSnapshot.write(restored), "equal states give equal snapshots");
        assertEquals(3, restored.archivedOrderCount());
        assertEquals(2, restored.pendingOrderCount());
        assertEquals(OrderState.PENDING, restored.orderState("alice", 2));
        assertEquals(OrderState.CANCELLED, restored.orderState("bob", 1));
        assertEquals(OrderState.REJECTED, restored.orderState("carol", 1));

        final long t = driver.now();
        restored.apply(new Command().createProduct(PEAR, 10), t + 1, LogicOutput.DISCARD);
        driver.applyAt(new Command().createProduct(PEAR, 10), t + 1);
        restored.apply(new Command().cancelOrder("alice", 1), t + 2, LogicOutput.DISCARD);
        driver.applyAt(new Command().cancelOrder("alice", 1), t + 2);

        assertEquals(driver.logic().digest(), restored.digest());
        assertEquals(OrderState.CONFIRMED, restored.orderState("alice", 2));
        assertEquals(OrderState.CANCELLED, restored.orderState("alice", 1));
        assertEquals(5, restored.archivedOrderCount());
        assertArrayEquals(LogicSnapshot.write(driver.logic()), LogicSnapshot.write(restored));
    }

    @Test
    void shouldDigestTheSameOrdersEquallyWhateverTheArchiveLayoutAndMapHistory()
    {
        final List<Command> orders = new ArrayList<>();
        for (int i = 0; i < 2_000; i++)
        {
            orders.add(new Command().placeOrder("user-" + (i % 97), i / 97 * 1_000_003L + i % 5)
                .addLine(1 + i % 3, 1 + i % 4));
        }
        final InventoryLogic inOrder = placeAll(orders);
        final List<Command> shuffled = new ArrayList<>(orders);
        Collections.shuffle(shuffled, new Random(5));
        final InventoryLogic inShuffledOrder = placeAll(shuffled);
        final InventoryLogic restored = LogicSnapshot.read(LogicSnapshot.write(inShuffledOrder),
            TransferPolicy.DEFAULT.strategy());

        assertEquals(inOrder.digest(), inShuffledOrder.digest());
        assertEquals(inOrder.digest(), restored.digest());
        assertArrayEquals(LogicSnapshot.write(inOrder), LogicSnapshot.write(inShuffledOrder));
        assertArrayEquals(inOrder.orderIdsSorted("user-3"), inShuffledOrder.orderIdsSorted("user-3"));
    }

    @Test
    void shouldDigestArchivedOrderLikeTheSameOrderWaiting()
    {
        final LogicDriver waited = new LogicDriver(new InventoryLogic(0, 1));
        assertNull(waited.order("alice", 1, PEAR, 1));
        final InventoryLogic restored = LogicSnapshot.read(LogicSnapshot.write(waited.logic()),
            TransferPolicy.DEFAULT.strategy());

        assertEquals(ResultCode.CANCELLED, waited.cancel("alice", 1));
        restored.apply(new Command().cancelOrder("alice", 1), waited.now(), LogicOutput.DISCARD);

        assertEquals(OrderState.CANCELLED, restored.orderState("alice", 1));
        assertEquals(waited.logic().digest(), restored.digest());
    }

    @Test
    void shouldAllocateNothingPerOrderConfirmedAtOnceBeyondArchivePages()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final InventoryLogic logic = new InventoryLogic(0, 2);
        final Command command = new Command();
        final long t0 = 1_700_000_000_000L;
        logic.apply(command.createProduct(APPLE, Command.MAX_UNITS), t0, LogicOutput.DISCARD);
        final String login = "alice";
        long orderId = 0;
        while (orderId < 140_000) // the window below stays within the index's capacity (2^18 orders)
        {
            command.placeOrder(login, ++orderId).addLine(APPLE, 1);
            logic.apply(command, t0, LogicOutput.DISCARD);
        }
        final int capacity = logic.orders.byUser.get(login).archived.capacity();
        final long longsBefore = logic.orders.archive.longsAllocated();
        final int pagesBefore = logic.orders.archive.pageCount();

        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++)
        {
            command.placeOrder(login, ++orderId).addLine(APPLE, 1);
            logic.apply(command, t0, LogicOutput.DISCARD);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(capacity, logic.orders.byUser.get(login).archived.capacity(), "no index growth in the window");
        assertEquals(240_000, logic.statistics().ordersConfirmed());
        final long pageBytes = 8 * (logic.orders.archive.longsAllocated() - longsBefore) +
            64L * (logic.orders.archive.pageCount() - pagesBefore);
        assertTrue(allocated - pageBytes < 4_096,
            () -> "100,000 orders allocated " + allocated + " bytes of which " + pageBytes + " are archive pages");
    }

    private static InventoryLogic placeAll(final List<Command> orders)
    {
        final InventoryLogic logic = new InventoryLogic(0, 1);
        final RecordingOutput out = new RecordingOutput();
        final long t0 = 1_700_000_000_000L;
        for (long p = 1; p <= 3; p++)
        {
            logic.apply(new Command().createProduct(p, 1_000_000), t0, out);
        }
        for (final Command order : orders)
        {
            logic.apply(order, t0 + 1, out);
        }
        assertEquals(3 + orders.size(), out.count());
        for (final ResultCode reply : out.replies().subList(3, out.count()))
        {
            assertEquals(ResultCode.CONFIRMED, reply);
        }
        return logic;
    }
}
