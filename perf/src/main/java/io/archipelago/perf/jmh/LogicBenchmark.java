package io.archipelago.perf.jmh;

import java.util.concurrent.TimeUnit;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.CommandType;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.messaging.LinkTransport;
import org.agrona.DirectBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link InventoryLogic#apply} of island 0 of 2, without journal or ring: placing a one-line order its own stock
 * covers, cancelling a confirmed order, and answering another island's transfer request from stock.
 * <p>
 * Every order stays in the island's state, so state grows as a benchmark runs: each state object builds a fresh
 * island before every iteration (four products with 2^49 units here, so every order is confirmed). Logins rotate
 * over 1,024 users; order ids increase. Replies are checked to be the expected result after every iteration (after
 * every call, for cancels).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LogicBenchmark extends ForkedWithChronicleFlags
{
    static final long TIMESTAMP = 1_700_000_000_000L;
    static final int PRODUCTS = 4;
    static final int LOGINS = 1024;
    static final int CANCEL_BATCH = 4096;
    private static final int REQUESTER = 1;

    /**
     * One island and its inputs, rebuilt before every iteration.
     */
    @State(Scope.Thread)
    public abstract static class IslandState
    {
        final Command command = new Command();
        final String[] logins = new String[LOGINS];
        CountingOutput out;
        InventoryLogic logic;
        long nextOrderId;

        /**
         * A fresh island holding the products, and fresh counters.
         */
        @Setup(Level.Iteration)
        public void reset()
        {
            for (int i = 0; i < LOGINS; i++)
            {
                logins[i] = "user-" + i;
            }
            logic = new InventoryLogic(0, 2);
            out = new CountingOutput();
            for (int p = 1; p <= PRODUCTS; p++)
            {
                logic.apply(command.createProduct(p, Command.MAX_UNITS), TIMESTAMP, out);
            }
            if (out.last() != ResultCode.CREATED)
            {
                throw new IllegalStateException("product not created: " + out.last());
            }
            out = new CountingOutput();
            nextOrderId = 1;
            onReset();
        }

        void onReset()
        {
        }

        void placeNextOrder()
        {
            final long orderId = nextOrderId++;
            command.placeOrder(logins[(int)(orderId & (LOGINS - 1))], orderId)
                .addLine(1 + (orderId & (PRODUCTS - 1)), 1);
            logic.apply(command, TIMESTAMP, out);
        }
    }

    /**
     * Orders placed by the benchmark itself.
     */
    @State(Scope.Thread)
    public static class Placing extends IslandState
    {
        /**
         * Every order must have been confirmed at once.
         */
        @TearDown(Level.Iteration)
        public void check()
        {
            out.expectOnly(ResultCode.CONFIRMED);
        }
    }

    /**
     * Before every call of the cancel benchmark, {@link #CANCEL_BATCH} newly placed (confirmed) orders to cancel.
     */
    @State(Scope.Thread)
    public static class Cancelling extends IslandState
    {
        long firstToCancel;

        /**
         * Places the orders the next call cancels.
         */
        @Setup(Level.Invocation)
        public void placeBatch()
        {
            firstToCancel = nextOrderId;
            out = new CountingOutput();
            for (int i = 0; i < CANCEL_BATCH; i++)
            {
                placeNextOrder();
            }
            out.expectOnly(ResultCode.CONFIRMED);
            out = new CountingOutput();
        }

        /**
         * Every cancellation must have released a confirmed order.
         */
        @TearDown(Level.Invocation)
        public void check()
        {
            out.expectOnly(ResultCode.CANCELLED);
        }
    }

    /**
     * Transfer requests from island 1, numbered densely on the link from 1 after every reset. The island drains its
     * outbox after each one to a transport that takes everything, as the island runtime does at the end of a batch,
     * so the outbox stays small.
     */
    @State(Scope.Thread)
    public static class Granting extends IslandState
    {
        final AcceptingTransport transport = new AcceptingTransport();
        long linkSequence;
        long requestId;

        @Override
        void onReset()
        {
            transport.reset();
            linkSequence = 1;
            requestId = 1;
        }

        /**
         * Every request must have been granted.
         */
        @TearDown(Level.Iteration)
        public void check()
        {
            final long granted = logic.statistics().grantsSent();
            if (granted != linkSequence - 1)
            {
                throw new IllegalStateException(granted + " grants for " + (linkSequence - 1) + " requests");
            }
        }
    }

    /**
     * @param island the island.
     * @return the reply.
     */
    @Benchmark
    public ResultCode placeOrder(final Placing island)
    {
        island.placeNextOrder();
        return island.out.last();
    }

    /**
     * @param island the island, holding {@link #CANCEL_BATCH} confirmed orders placed before this call.
     * @return the last reply.
     */
    @Benchmark
    @OperationsPerInvocation(CANCEL_BATCH)
    public ResultCode cancelOrder(final Cancelling island)
    {
        final Command command = island.command;
        final String[] logins = island.logins;
        final long first = island.firstToCancel;
        for (long orderId = first; orderId < first + CANCEL_BATCH; orderId++)
        {
            island.logic.apply(command.cancelOrder(logins[(int)(orderId & (LOGINS - 1))], orderId), TIMESTAMP,
                island.out);
        }
        return island.out.last();
    }

    /**
     * @param island the island.
     * @return the sequence of the grant on the link back to the requester.
     */
    @Benchmark
    public long transferRequest(final Granting island)
    {
        final long requestId = island.requestId++;
        island.command.link(CommandType.TRANSFER_REQUEST, requestId, 1 + (requestId & (PRODUCTS - 1)), 1, 1, 0);
        island.logic.apply(island.command, TIMESTAMP, REQUESTER, island.linkSequence++, island.out);
        island.logic.outbox().deliver(island.transport);
        return island.transport.lastOffered;
    }

    /**
     * Takes every message at once and acknowledges it at once.
     */
    static final class AcceptingTransport implements LinkTransport
    {
        long lastOffered;

        void reset()
        {
            lastOffered = 0;
        }

        @Override
        public boolean offer(final int source, final int target, final long sequence, final DirectBuffer buffer,
            final int offset, final int length)
        {
            lastOffered = sequence;
            return true;
        }

        @Override
        public void acknowledge(final int source, final int target, final long sequence)
        {
        }

        @Override
        public long acknowledged(final int source, final int target)
        {
            return lastOffered;
        }
    }
}
