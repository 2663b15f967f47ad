package io.archipelago.engine.logic;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.CommandType;
import io.archipelago.engine.model.HintedTransferStrategy;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.ResultCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransferHandlersTest
{
    private static final long PRODUCT = 7;

    private final LinkedIslands net = new LinkedIslands(2, new HintedTransferStrategy());

    private static Command order(final String login, final long id, final int quantity)
    {
        return new Command().placeOrder(login, id).addLine(PRODUCT, quantity).timeoutMillis(1_000);
    }

    @Test
    void shouldParkShortOrderAndAskAnotherIsland()
    {
        net.createEverywhere(PRODUCT, 10);
        net.immediate.clear();
        net.apply(0, order("a", 1, 8));

        final Order parked = net.island(0).order("a", 1);
        assertEquals(OrderState.PENDING, parked.state());
        assertEquals(5, parked.reserved(0), "reserves what the island has");
        assertEquals(0, net.island(0).product(PRODUCT).available());
        assertEquals(1, net.island(0).outbox().link(1).size(), "one request sent");
        assertTrue(net.immediate.isEmpty(), "no reply until decided");
        net.assertConservation(PRODUCT, 10);
    }

    @Test
    void shouldGrantFromAvailableAndConfirmTheWaitingOrder()
    {
        net.createEverywhere(PRODUCT, 10);
        net.apply(0, order("a", 1, 8));

        final Command request = net.deliverOne(0, 1);
        assertEquals(CommandType.TRANSFER_REQUEST, request.type());
        assertEquals(3, request.units(), "asks for the shortfall");
        assertEquals(3, request.extra(), "and as much again");
        final Product granter = net.island(1).product(PRODUCT);
        assertEquals(4, granter.transferredOut(), "need 3 plus half of the 2 spare");
        assertEquals(1, granter.available());

        final Command grant = net.deliverOne(1, 0);
        assertEquals(CommandType.TRANSFER_GRANT, grant.type());
        assertEquals(OrderState.CONFIRMED, net.island(0).order("a", 1).state());
        assertEquals(1, net.island(0).product(PRODUCT).available(), "the extra unit stays for the next order");
        assertEquals(java.util.List.of(ResultCode.CONFIRMED), net.deferred);
        net.assertConservation(PRODUCT, 10);
    }

    @Test
    void shouldDenyWithMayFreeUpWhenTheProductIsNotKnownYet()
    {
        net.apply(0, new Command().createProduct(PRODUCT, 2));
        net.apply(0, order("a", 1, 3));
        final Command denial = deliverRequestAndAnswer();
        assertEquals(CommandType.TRANSFER_DENIAL, denial.type());
        assertEquals(Command.FLAG_MAY_FREE_UP, denial.flags() & Command.FLAG_MAY_FREE_UP);
        assertEquals(OrderState.PENDING, net.island(0).order("a", 1).state(), "keeps waiting, will ask again");
        assertTrue(net.island(0).product(PRODUCT).searching(), "a retry is scheduled");
    }

    @Test
    void shouldRejectAsSoldOutWhenEveryIslandSaysNoneTwice()
    {
        net.createEverywhere(PRODUCT, 2);
        net.apply(1, order("b", 1, 1));
        net.apply(0, order("a", 1, 2));
        final Command denial = deliverRequestAndAnswer();
        assertEquals(CommandType.TRANSFER_DENIAL, denial.type());
        assertEquals(0, denial.flags(), "island 1 holds nothing and expects nothing");
        assertEquals(OrderState.PENDING, net.island(0).order("a", 1).state(), "one empty round is not enough");

        net.tick(10);
        deliverRequestAndAnswer();
        final Order rejected = net.island(0).order("a", 1);
        assertEquals(OrderState.REJECTED, rejected.state());
        assertEquals(ResultCode.OUT_OF_STOCK, rejected.reason());
        assertEquals(0, rejected.reserved(0), "the unit it held is released");
        assertEquals(1, net.island(0).product(PRODUCT).available());
        assertEquals(java.util.List.of(ResultCode.OUT_OF_STOCK), net.deferred);
        net.assertConservation(PRODUCT, 2);
    }

    @Test
    void shouldRejectMultiLineOrderAllOrNothingAndReleaseTheCoveredLine()
    {
        net.createEverywhere(PRODUCT, 2);
        net.createEverywhere(8, 100);
        net.apply(1, order("b", 1, 1));
        net.apply(0, new Command().placeOrder("a", 1).addLine(8, 10).addLine(PRODUCT, 2).timeoutMillis(1_000));
        assertEquals(40, net.island(0).product(8).available(), "line 1 reserved");
        deliverRequestAndAnswer();
        net.tick(10);
        deliverRequestAndAnswer();
        assertEquals(OrderState.REJECTED, net.island(0).order("a", 1).state());
        assertEquals(50, net.island(0).product(8).available(), "line 1 released");
        assertEquals(0, net.island(0).product(8).reserved());
    }

    @Test
    void shouldRejectAtTheOrderDeadlineAndReleaseReservations()
    {
        net.createEverywhere(PRODUCT, 4);
        net.apply(1, order("holder", 1, 5));
        net.apply(0, order("a", 1, 5));
        net.tick(999);
        assertEquals(OrderState.PENDING, net.island(0).order("a", 1).state());
        net.tick(1);
        assertEquals(OrderState.REJECTED, net.island(0).order("a", 1).state());
        assertEquals(OrderState.REJECTED, net.island(1).order("holder", 1).state());
        assertEquals(2, net.island(0).product(PRODUCT).available());
        assertEquals(0, net.island(0).product(PRODUCT).reserved());
    }

    @Test
    void shouldWaitForAProductCreatedLaterThenConfirm()
    {
        net.apply(0, order("a", 1, 1));
        assertEquals(OrderState.PENDING, net.island(0).order("a", 1).state());
        net.apply(0, new Command().createProduct(PRODUCT, 10));
        assertEquals(OrderState.CONFIRMED, net.island(0).order("a", 1).state());
        assertEquals(java.util.List.of(ResultCode.CONFIRMED), net.deferred);
    }

    @Test
    void shouldRejectUnknownProductAtTheDeadline()
    {
        net.apply(0, order("a", 1, 1));
        net.tick(1_000);
        final Order order = net.island(0).order("a", 1);
        assertEquals(OrderState.REJECTED, order.state());
        assertEquals(ResultCode.UNKNOWN_PRODUCT, order.reason());
    }

    @Test
    void shouldTreatAnAnswerToAnUnknownRequestAsANoOp()
    {
        net.createEverywhere(PRODUCT, 10);
        final String before = net.island(0).digest();
        net.island(0).apply(new Command().link(CommandType.TRANSFER_GRANT, 99, PRODUCT, 5, 0, 0), net.now, 1, 1,
            net.output);
        assertEquals(1, net.island(0).statistics().unknownRequests());
        assertEquals(5, net.island(0).product(PRODUCT).available(), "no units appear from nowhere");
        assertEquals(1, net.island(0).inbound().highWaterMark(1), "the link still advances");
        assertNotEquals(before, net.island(0).digest(), "only by the high-water mark");
    }

    @Test
    void shouldAskAnotherIslandAfterATransferTimeout()
    {
        final LinkedIslands three = new LinkedIslands(3, new HintedTransferStrategy());
        three.createEverywhere(PRODUCT, 3);
        three.apply(0, order("a", 1, 3));
        assertEquals(1, three.island(0).outbox().link(1).size(), "asks island 1 first");
        three.tick(250);
        assertEquals(1, three.island(0).outbox().link(2).size(), "island 1 did not answer: asks island 2");
        assertEquals(1, three.island(0).statistics().requestTimeouts());
        three.deliverAll();
        three.assertConservation(PRODUCT, 3);
        assertEquals(OrderState.CONFIRMED, three.island(0).order("a", 1).state());
    }

    @Test
    void shouldCancelAPendingOrderAndTellItsClient()
    {
        net.createEverywhere(PRODUCT, 2);
        net.apply(0, order("a", 1, 3));
        net.immediate.clear();
        net.apply(0, new Command().cancelOrder("a", 1));
        assertEquals(OrderState.CANCELLED, net.island(0).order("a", 1).state());
        assertEquals(java.util.List.of(ResultCode.CANCELLED), net.immediate);
        assertEquals(java.util.List.of(ResultCode.CANCELLED), net.deferred);
        assertEquals(1, net.island(0).product(PRODUCT).available());
        assertNull(net.island(0).order("a", 1).reason());
    }

    private Command deliverRequestAndAnswer()
    {
        net.deliverOne(0, 1);
        return net.deliverOne(1, 0);
    }
}
