package io.archipelago.engine.logic;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.OrderStatus;
import io.archipelago.engine.model.ProductView;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.TransferPolicy;
import io.archipelago.router.StockSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InventoryLogicTest
{
    private static final long APPLE = 11;
    private static final long PEAR = 22;
    private static final long PLUM = 33;

    private static LogicDriver singleIsland()
    {
        return new LogicDriver(new InventoryLogic(0, 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 64})
    void shouldGiveEachIslandItsStockSplitShareWhenProductIsCreated(final int islands)
    {
        final long units = 1_000_003;
        long total = 0;
        for (int island = 0; island < islands; island++)
        {
            final LogicDriver driver = new LogicDriver(new InventoryLogic(island, islands));
            assertEquals(ResultCode.CREATED, driver.create(APPLE, units));
            final Product product = driver.logic().product(APPLE);
            assertNotNull(product);
            final long share = StockSplit.share(units, islands, island);
            assertEquals(share, product.received());
            assertEquals(share, product.available());
            assertEquals(0, product.reserved());
            assertEquals(0, product.sold());
            assertEquals(1, driver.logic().productCount());
            total += product.received();
        }
        assertEquals(units, total, "shares over all islands sum to the units created");
    }

    @Test
    void shouldCreateProductWithEmptyShareWhenUnitsAreFewerThanIslands()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(3, 4));
        assertEquals(ResultCode.CREATED, driver.create(APPLE, 2));
        assertEquals(0, driver.logic().product(APPLE).received());
        assertTrue(driver.logic().productView(APPLE).known());
    }

    @Test
    void shouldAnswerAlreadyExistsAndChangeNothingWhenProductIsCreatedAgain()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(1, 3));
        assertEquals(ResultCode.CREATED, driver.create(APPLE, 30));
        assertEquals(ResultCode.CONFIRMED, driver.order("alice", 1, APPLE, 4));
        final String digest = driver.logic().digest();

        assertEquals(ResultCode.ALREADY_EXISTS, driver.create(APPLE, 30));
        assertEquals(ResultCode.ALREADY_EXISTS, driver.create(APPLE, 999));

        final Product product = driver.logic().product(APPLE);
        assertEquals(10, product.received());
        assertEquals(6, product.available());
        assertEquals(4, product.sold());
        assertEquals(digest, driver.logic().digest());
    }

    @Test
    void shouldAddIslandShareWhenProductIsRestocked()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(1, 3));
        assertEquals(ResultCode.CREATED, driver.create(APPLE, 10));
        assertEquals(ResultCode.CONFIRMED, driver.order("alice", 1, APPLE, 2));

        assertEquals(ResultCode.RESTOCKED, driver.restock(APPLE, 8));

        final long expected = StockSplit.share(10, 3, 1) + StockSplit.share(8, 3, 1);
        final Product product = driver.logic().product(APPLE);
        assertEquals(expected, product.received());
        assertEquals(expected - 2, product.available());
        assertEquals(2, product.sold());
    }

    @Test
    void shouldAnswerUnknownProductAndChangeNothingWhenRestockingUnknownProduct()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(0, 2));
        assertEquals(ResultCode.CREATED, driver.create(APPLE, 10));
        final String digest = driver.logic().digest();

        assertEquals(ResultCode.UNKNOWN_PRODUCT, driver.restock(PEAR, 10));

        assertNull(driver.logic().product(PEAR));
        assertEquals(1, driver.logic().productCount());
        assertEquals(digest, driver.logic().digest());
    }

    @Test
    void shouldConfirmOrderAndDeductUnitsWhenLocalStockCovers()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(2, 4));
        driver.create(APPLE, 400);

        assertEquals(ResultCode.CONFIRMED, driver.order("alice", 7, APPLE, 30));

        final Product product = driver.logic().product(APPLE);
        assertEquals(100, product.received());
        assertEquals(70, product.available());
        assertEquals(30, product.sold());
        assertEquals(0, product.reserved());
        final Order order = driver.logic().order("alice", 7);
        assertEquals(OrderState.CONFIRMED, order.state());
        assertNull(order.reason());
        assertEquals(driver.now(), order.placedAt());
        assertEquals(driver.now(), order.decidedAt());
        assertFalse(order.neededTransfer());
        assertEquals(1, driver.logic().orderCount());
        assertEquals(0, driver.logic().pendingOrderCount());
        assertFalse(driver.logic().outbox().hasUnoffered(), "an order covered locally asks no other island");
        assertEquals(0, driver.logic().timerCount());
    }

    @Test
    void shouldConfirmMultiLineOrderAndDeductEveryLineWhenLocalStockCovers()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(0, 2));
        driver.create(APPLE, 20);
        driver.create(PEAR, 40);

        assertEquals(ResultCode.CONFIRMED, driver.order("bob", 1, APPLE, 3, PEAR, 5));

        assertEquals(7, driver.logic().product(APPLE).available());
        assertEquals(3, driver.logic().product(APPLE).sold());
        assertEquals(15, driver.logic().product(PEAR).available());
        assertEquals(5, driver.logic().product(PEAR).sold());
        final OrderStatus status = driver.logic().orderStatus("bob", 1);
        assertEquals(OrderState.CONFIRMED, status.state());
        assertEquals(List.of(new OrderLine(APPLE, 3), new OrderLine(PEAR, 5)), status.lines());
        assertEquals(0, status.partition());
    }

    @Test
    void shouldConfirmOrderThatTakesTheLastUnit()
    {
        final LogicDriver driver = singleIsland();
        driver.create(APPLE, 5);

        assertEquals(ResultCode.CONFIRMED, driver.order("alice", 1, APPLE, 5));

        assertEquals(0, driver.logic().product(APPLE).available());
        assertEquals(5, driver.logic().product(APPLE).sold());
    }

    @Test
    void shouldRejectOrderWhenStockIsShort()
    {
        final LogicDriver driver = singleIsland();
        driver.create(APPLE, 5);

        assertEquals(ResultCode.OUT_OF_STOCK, driver.order("alice", 1, APPLE, 6));

        final Product product = driver.logic().product(APPLE);
        assertEquals(5, product.available());
        assertEquals(0, product.sold());
        assertEquals(0, product.reserved());
        final Order order = driver.logic().order("alice", 1);
        assertEquals(OrderState.REJECTED, order.state());
        assertEquals(ResultCode.OUT_OF_STOCK, order.reason());
        assertEquals(driver.now(), order.decidedAt(), "a single island knows at once that nobody has more");
        assertEquals(ResultCode.OUT_OF_STOCK, driver.logic().orderStatus("alice", 1).reason());
        assertEquals(0, driver.logic().pendingOrderCount());
        assertEquals(0, driver.logic().timerCount());
    }

    @Test
    void shouldRejectWholeOrderAndReleaseFirstLineWhenSecondLineIsShort()
    {
        final LogicDriver driver = singleIsland();
        driver.create(APPLE, 10);
        driver.create(PEAR, 2);
        final String digestBefore = productDigest(driver.logic());

        assertEquals(ResultCode.OUT_OF_STOCK, driver.order("alice", 1, APPLE, 4, PEAR, 3));

        assertEquals(10, driver.logic().product(APPLE).available());
        assertEquals(0, driver.logic().product(APPLE).sold());
        assertEquals(0, driver.logic().product(APPLE).reserved());
        assertEquals(2, driver.logic().product(PEAR).available());
        assertEquals(digestBefore, productDigest(driver.logic()));
        assertEquals(OrderState.REJECTED, driver.logic().order("alice", 1).state());

        assertEquals(ResultCode.CONFIRMED, driver.order("alice", 2, APPLE, 10, PEAR, 2),
            "released units can be sold");
    }

    @Test
    void shouldRejectOrderAndReleaseEarlierLinesWhenThirdLineIsShort()
    {
        final LogicDriver driver = singleIsland();
        driver.create(APPLE, 10);
        driver.create(PEAR, 10);
        driver.create(PLUM, 1);

        assertEquals(ResultCode.OUT_OF_STOCK, driver.order("alice", 1, APPLE, 1, PEAR, 10, PLUM, 2));

        assertEquals(10, driver.logic().product(APPLE).available());
        assertEquals(10, driver.logic().product(PEAR).available());
        assertEquals(1, driver.logic().product(PLUM).available());
    }

    @Test
    void shouldConfirmOrderWithSameProductOnTwoLinesWhenStockCoversTheSum()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(1, 2));
        driver.create(APPLE, 20);

        assertEquals(ResultCode.CONFIRMED, driver.order("alice", 1, APPLE, 4, APPLE, 6));

        assertEquals(0, driver.logic().product(APPLE).available());
        assertEquals(10, driver.logic().product(APPLE).sold());
        assertEquals(2, driver.logic().order("alice", 1).lineCount());
    }

    @Test
    void shouldRejectOrderWithSameProductOnTwoLinesWhenOnlyEachLineAloneFits()
    {
        final LogicDriver driver = singleIsland();
        driver.create(APPLE, 10);

        assertEquals(ResultCode.OUT_OF_STOCK, driver.order("alice", 1, APPLE, 6, APPLE, 6));

        assertEquals(10, driver.logic().product(APPLE).available());
        assertEquals(0, driver.logic().product(APPLE).sold());
        assertEquals(0, driver.logic().product(APPLE).reserved());
    }

    @Test
    void shouldReturnUnitsOfBothLinesWhenOrderWithRepeatedProductIsCancelled()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(0, 2));
        driver.create(APPLE, 20);
        driver.order("alice", 1, APPLE, 3, APPLE, 4);

        assertEquals(ResultCode.CANCELLED, driver.cancel("alice", 1));

        assertEquals(10, driver.logic().product(APPLE).available());
        assertEquals(0, driver.logic().product(APPLE).sold());
    }

    @Test
    void shouldHoldOrderForUnknownProductUntilDeadlineThenRejectAsUnknownProduct()
    {
        final LogicDriver driver = singleIsland();

        assertNull(driver.order("alice", 1, PEAR, 1), "the order waits for the product's creation");
        final long handle = driver.lastHandle();
        final Order order = driver.logic().order("alice", 1);
        assertEquals(OrderState.PENDING, order.state());
        assertEquals(driver.now() + TransferPolicy.DEFAULT.orderTimeoutMillis(), order.deadline());
        assertEquals(1, driver.logic().pendingOrderCount());

        driver.tickAt(order.deadline() - 1);
        assertEquals(OrderState.PENDING, order.state());
        assertNull(driver.output().deferredOutcome(handle));

        driver.tickAt(order.deadline());
        assertEquals(ResultCode.UNKNOWN_PRODUCT, driver.output().deferredOutcome(handle));
        assertEquals(OrderState.REJECTED, order.state());
        assertEquals(ResultCode.UNKNOWN_PRODUCT, order.reason());
        assertEquals(order.deadline(), order.decidedAt());
        assertEquals(0, driver.logic().productCount());
        assertEquals(0, driver.logic().pendingOrderCount());
        assertEquals(0, driver.logic().timerCount());
    }

    @Test
    void shouldConfirmOrderWaitingForProductOnceProductIsCreated()
    {
        final LogicDriver driver = singleIsland();
        assertNull(driver.order("alice", 1, PEAR, 2));
        final long handle = driver.lastHandle();

        assertEquals(ResultCode.CREATED, driver.create(PEAR, 10));

        assertEquals(ResultCode.CONFIRMED, driver.output().deferredOutcome(handle));
        assertEquals(OrderState.CONFIRMED, driver.logic().order("alice", 1).state());
        assertEquals(8, driver.logic().product(PEAR).available());
        assertEquals(2, driver.logic().product(PEAR).sold());
        assertEquals(0, driver.logic().timerCount(), "the deadline is cancelled");
    }

    @Test
    void shouldRejectOrderWaitingForProductWhenCreatedStockIsShort()
    {
        final LogicDriver driver = singleIsland();
        assertNull(driver.order("alice", 1, PEAR, 20));
        final long handle = driver.lastHandle();

        driver.create(PEAR, 5);

        assertEquals(ResultCode.OUT_OF_STOCK, driver.output().deferredOutcome(handle));
        assertEquals(5, driver.logic().product(PEAR).available());
        assertEquals(0, driver.logic().product(PEAR).reserved());
    }

    @Test
    void shouldHoldNoUnitsOfKnownLineWhileAnotherLineWaitsForUnknownProduct()
    {
        final LogicDriver driver = singleIsland();
        driver.create(APPLE, 10);

        assertNull(driver.order("alice", 1, APPLE, 5, PEAR, 1));
        final long handle = driver.lastHandle();
        assertEquals(10, driver.logic().product(APPLE).available());
        assertEquals(ResultCode.CONFIRMED, driver.order("bob", 1, APPLE, 10), "nothing was held for alice");

        driver.tickAt(driver.logic().order("alice", 1).deadline());

        assertEquals(ResultCode.UNKNOWN_PRODUCT, driver.output().deferredOutcome(handle));
        assertEquals(0, driver.logic().product(APPLE).available());
        assertEquals(0, driver.logic().product(APPLE).reserved());
        assertEquals(10, driver.logic().product(APPLE).sold());
        assertNull(driver.logic().product(PEAR));
    }

    @Test
    void shouldUseOrderTimeoutCarriedByTheCommand()
    {
        final LogicDriver driver = singleIsland();
        final Command command = new Command().placeOrder("alice", 1).addLine(PEAR, 1).timeoutMillis(500);

        assertNull(driver.apply(command));

        final Order order = driver.logic().order("alice", 1);
        assertEquals(order.placedAt() + 500, order.deadline());
        driver.tickAt(order.placedAt() + 499);
        assertEquals(OrderState.PENDING, order.state());
        driver.tickAt(order.placedAt() + 500);
        assertEquals(OrderState.REJECTED, order.state());
    }

    @Test
    void shouldCancelWaitingOrderAndAnswerItsClientCancelled()
    {
        final LogicDriver driver = singleIsland();
        assertNull(driver.order("alice", 1, PEAR, 1));
        final long handle = driver.lastHandle();

        assertEquals(ResultCode.CANCELLED, driver.cancel("alice", 1));

        assertEquals(ResultCode.CANCELLED, driver.output().deferredOutcome(handle));
        final Order order = driver.logic().order("alice", 1);
        assertEquals(OrderState.CANCELLED, order.state());
        assertNull(order.reason());
        assertEquals(0, driver.logic().pendingOrderCount());
        driver.tickAt(order.deadline());
        assertEquals(OrderState.CANCELLED, driver.logic().order("alice", 1).state(), "the deadline no longer fires");
        assertEquals(ResultCode.ORDER_ALREADY_TERMINAL, driver.cancel("alice", 1));
        driver.create(PEAR, 10);
        assertEquals(10, driver.logic().product(PEAR).available(), "a cancelled order takes nothing later");
    }

    @Test
    void shouldDoNothingOnTickWhenNoTimerIsDue()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(0, 2));
        driver.create(APPLE, 10);
        driver.order("alice", 1, APPLE, 1);
        final String digest = driver.logic().digest();

        driver.tickAt(driver.now() + 60_000);

        assertEquals(digest, driver.logic().digest());
        assertEquals(Long.MAX_VALUE, driver.logic().nextDeadline());
    }

    @Test
    void shouldAnswerDuplicateOrderAndKeepExistingOrderWhenUserReusesOrderId()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(2, 3));
        driver.create(APPLE, 30);
        driver.create(PEAR, 30);
        assertEquals(ResultCode.CONFIRMED, driver.order("alice", 5, APPLE, 2));
        final long placedAt = driver.now();
        final String digest = driver.logic().digest();

        assertEquals(ResultCode.DUPLICATE_ORDER, driver.order("alice", 5, PEAR, 1));
        assertEquals(ResultCode.DUPLICATE_ORDER, driver.order("alice", 5, APPLE, 2));

        final Order order = driver.logic().order("alice", 5);
        assertEquals(OrderState.CONFIRMED, order.state());
        assertEquals(1, order.lineCount());
        assertEquals(APPLE, order.productId(0));
        assertEquals(2, order.quantity(0));
        assertEquals(placedAt, order.placedAt());
        assertEquals(placedAt, order.decidedAt());
        assertEquals(8, driver.logic().product(APPLE).available());
        assertEquals(10, driver.logic().product(PEAR).available());
        assertEquals(1, driver.logic().orderCount());
        assertEquals(digest, driver.logic().digest());
    }

    @Test
    void shouldAnswerDuplicateOrderWhenOrderIdWasRejectedBefore()
    {
        final LogicDriver driver = singleIsland();
        driver.create(APPLE, 1);
        assertEquals(ResultCode.OUT_OF_STOCK, driver.order("alice", 1, APPLE, 2));

        assertEquals(ResultCode.DUPLICATE_ORDER, driver.order("alice", 1, APPLE, 1));

        assertEquals(OrderState.REJECTED, driver.logic().order("alice", 1).state());
        assertEquals(1, driver.logic().product(APPLE).available());
    }

    @Test
    void shouldAcceptSameOrderIdFromDifferentUsers()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(0, 2));
        driver.create(APPLE, 20);

        assertEquals(ResultCode.CONFIRMED, driver.order("alice", 1, APPLE, 2));
        assertEquals(ResultCode.CONFIRMED, driver.order("bob", 1, APPLE, 3));

        assertEquals(2, driver.logic().order("alice", 1).quantity(0));
        assertEquals(3, driver.logic().order("bob", 1).quantity(0));
        assertEquals(5, driver.logic().product(APPLE).sold());
        assertEquals(2, driver.logic().orderCount());
        assertArrayEquals(new String[] {"alice", "bob"}, driver.logic().loginsSorted());
    }

    @Test
    void shouldTreatLoginsAsCaseSensitive()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(0, 2));
        driver.create(APPLE, 20);

        assertEquals(ResultCode.CONFIRMED, driver.order("Alice", 1, APPLE, 1));
        assertEquals(ResultCode.CONFIRMED, driver.order("alice", 1, APPLE, 1));
        assertEquals(ResultCode.UNKNOWN_ORDER, driver.cancel("ALICE", 1));
    }

    @Test
    void shouldReturnUnitsAndMarkCancelledWhenConfirmedOrderIsCancelled()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(1, 2));
        driver.create(APPLE, 20);
        driver.create(PEAR, 20);
        driver.order("alice", 1, APPLE, 4, PEAR, 6);
        final long placedAt = driver.now();

        assertEquals(ResultCode.CANCELLED, driver.cancel("alice", 1));

        assertEquals(10, driver.logic().product(APPLE).available());
        assertEquals(0, driver.logic().product(APPLE).sold());
        assertEquals(10, driver.logic().product(PEAR).available());
        assertEquals(0, driver.logic().product(PEAR).sold());
        final Order order = driver.logic().order("alice", 1);
        assertEquals(OrderState.CANCELLED, order.state());
        assertEquals(placedAt, order.placedAt());
        assertEquals(driver.now(), order.decidedAt());
        assertTrue(order.decidedAt() > order.placedAt());
    }

    @Test
    void shouldSellCancelledUnitsAgain()
    {
        final LogicDriver driver = singleIsland();
        driver.create(APPLE, 3);
        driver.order("alice", 1, APPLE, 3);
        assertEquals(ResultCode.OUT_OF_STOCK, driver.order("bob", 1, APPLE, 3));

        driver.cancel("alice", 1);

        assertEquals(ResultCode.CONFIRMED, driver.order("bob", 2, APPLE, 3));
        assertEquals(3, driver.logic().product(APPLE).sold());
    }

    @Test
    void shouldAnswerUnknownOrderWhenCancellingOrderThatDoesNotExist()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(0, 2));
        driver.create(APPLE, 20);
        driver.order("alice", 1, APPLE, 1);
        final String digest = driver.logic().digest();

        assertEquals(ResultCode.UNKNOWN_ORDER, driver.cancel("alice", 2));
        assertEquals(ResultCode.UNKNOWN_ORDER, driver.cancel("bob", 1));

        assertEquals(digest, driver.logic().digest());
        assertEquals(OrderState.UNKNOWN, driver.logic().orderStatus("bob", 1).state());
        assertTrue(driver.logic().orderStatus("bob", 1).lines().isEmpty());
    }

    @Test
    void shouldAnswerAlreadyTerminalAndKeepUnitsWhenOrderIsCancelledTwice()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(0, 2));
        driver.create(APPLE, 20);
        driver.order("alice", 1, APPLE, 4);
        assertEquals(ResultCode.CANCELLED, driver.cancel("alice", 1));
        final String digest = driver.logic().digest();

        assertEquals(ResultCode.ORDER_ALREADY_TERMINAL, driver.cancel("alice", 1));

        assertEquals(10, driver.logic().product(APPLE).available());
        assertEquals(0, driver.logic().product(APPLE).sold());
        assertEquals(OrderState.CANCELLED, driver.logic().order("alice", 1).state());
        assertEquals(digest, driver.logic().digest());
    }

    @Test
    void shouldAnswerAlreadyTerminalAndKeepUnitsWhenRejectedOrderIsCancelled()
    {
        final LogicDriver driver = singleIsland();
        driver.create(APPLE, 2);
        driver.order("alice", 1, APPLE, 3);
        final String digest = driver.logic().digest();

        assertEquals(ResultCode.ORDER_ALREADY_TERMINAL, driver.cancel("alice", 1));

        assertEquals(2, driver.logic().product(APPLE).available());
        assertEquals(OrderState.REJECTED, driver.logic().order("alice", 1).state());
        assertEquals(digest, driver.logic().digest());
    }

    static Stream<Arguments> invalidCommands()
    {
        final String unpaired = "ab\uD800c";
        final String tooLong = "x".repeat(Command.MAX_LOGIN_BYTES + 1);
        return Stream.of(
            Arguments.of("order with empty login", (Consumer<Command>)c -> c.placeOrder("", 9).addLine(APPLE, 1)),
            Arguments.of("order with null login", (Consumer<Command>)c -> c.placeOrder(null, 9).addLine(APPLE, 1)),
            Arguments.of("order with unpaired surrogate in login",
                (Consumer<Command>)c -> c.placeOrder(unpaired, 9).addLine(APPLE, 1)),
            Arguments.of("order with too long login",
                (Consumer<Command>)c -> c.placeOrder(tooLong, 9).addLine(APPLE, 1)),
            Arguments.of("order without lines", (Consumer<Command>)c -> c.placeOrder("alice", 9)),
            Arguments.of("order with zero quantity", (Consumer<Command>)c -> c.placeOrder("alice", 9).addLine(APPLE, 0)),
            Arguments.of("order with negative quantity",
                (Consumer<Command>)c -> c.placeOrder("alice", 9).addLine(APPLE, -3)),
            Arguments.of("order with negative timeout",
                (Consumer<Command>)c -> c.placeOrder("alice", 9).addLine(APPLE, 1).timeoutMillis(-1)),
            Arguments.of("order with valid first and zero second line",
                (Consumer<Command>)c -> c.placeOrder("alice", 9).addLine(APPLE, 1).addLine(PEAR, 0)),
            Arguments.of("create with zero units", (Consumer<Command>)c -> c.createProduct(PLUM, 0)),
            Arguments.of("create with negative units", (Consumer<Command>)c -> c.createProduct(PLUM, -5)),
            Arguments.of("restock with zero units", (Consumer<Command>)c -> c.restock(APPLE, 0)),
            Arguments.of("restock with negative units", (Consumer<Command>)c -> c.restock(APPLE, -1)),
            Arguments.of("cancel with empty login", (Consumer<Command>)c -> c.cancelOrder("", 1)),
            Arguments.of("cancel with null login", (Consumer<Command>)c -> c.cancelOrder(null, 1)),
            Arguments.of("empty command", (Consumer<Command>)Command::clear));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCommands")
    void shouldAnswerInvalidArgumentAndChangeNothingWhenCommandIsInvalid(final String name,
        final Consumer<Command> fill)
    {
        final LogicDriver driver = singleIsland();
        driver.create(APPLE, 10);
        driver.create(PEAR, 10);
        driver.order("alice", 1, APPLE, 2);
        final String digest = driver.logic().digest();
        final long orders = driver.logic().orderCount();

        final Command command = new Command();
        fill.accept(command);
        assertNotNull(command.validate(), name + " is reported by validate()");
        assertEquals(ResultCode.INVALID_ARGUMENT, driver.apply(command), name);

        assertEquals(digest, driver.logic().digest(), name + " leaves the state unchanged");
        assertEquals(orders, driver.logic().orderCount());
        assertEquals(2, driver.logic().productCount());
        assertNull(driver.logic().order("alice", 9));
        assertEquals(8, driver.logic().product(APPLE).available());
    }

    @Test
    void shouldCountEveryAppliedInputIncludingRefusals()
    {
        final LogicDriver driver = singleIsland();
        driver.create(APPLE, 1);
        driver.create(APPLE, 1);
        driver.order("", 1, APPLE, 1);
        driver.cancel("bob", 1);

        assertEquals(4, driver.logic().appliedCount());
    }

    @Test
    void shouldDescribeUnknownProductAsUnknownView()
    {
        final InventoryLogic logic = new InventoryLogic(0, 1);

        final ProductView view = logic.productView(PLUM);

        assertEquals(PLUM, view.productId());
        assertFalse(view.known());
        assertEquals(0, view.created());
    }

    @Test
    void shouldDescribeKnownProductWithItsAllocation()
    {
        final LogicDriver driver = new LogicDriver(new InventoryLogic(0, 2));
        driver.create(APPLE, 21);
        driver.order("alice", 1, APPLE, 4);

        final ProductView view = driver.logic().productView(APPLE);

        assertTrue(view.known());
        assertEquals(1, view.islands());
        assertEquals(11, view.created());
        assertEquals(7, view.available());
        assertEquals(0, view.reserved());
        assertEquals(4, view.sold());
    }

    @Test
    void shouldListProductsAndOrdersInAscendingOrder()
    {
        final LogicDriver driver = singleIsland();
        for (final long id : new long[] {900, -5, 17, 3})
        {
            driver.create(id, 100);
        }
        for (final long orderId : new long[] {40, 2, -7, 11})
        {
            driver.order("carol", orderId, 17, 1);
        }

        assertArrayEquals(new long[] {-5, 3, 17, 900}, driver.logic().productIdsSorted());
        assertArrayEquals(new long[] {-7, 2, 11, 40}, driver.logic().orderIdsSorted("carol"));
        assertArrayEquals(new long[0], driver.logic().orderIdsSorted("nobody"));
    }

    @Test
    void shouldRefuseIslandIndexOutsideIslandCount()
    {
        assertThrows(IllegalArgumentException.class, () -> new InventoryLogic(1, 1));
        assertThrows(IllegalArgumentException.class, () -> new InventoryLogic(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> new InventoryLogic(0, 0));
    }

    private static String productDigest(final InventoryLogic logic)
    {
        final StringBuilder sb = new StringBuilder();
        for (final long id : logic.productIdsSorted())
        {
            final Product p = logic.product(id);
            sb.append(id).append(':').append(p.received()).append('/').append(p.available()).append('/')
                .append(p.reserved()).append('/').append(p.sold()).append(';');
        }
        return sb.toString();
    }
}
