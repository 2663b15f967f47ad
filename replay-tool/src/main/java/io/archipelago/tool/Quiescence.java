package io.archipelago.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.logic.LogicStatistics;

/**
 * Waits until the islands are quiet: no order pending, no search for units under way, every unit granted applied by
 * the island that asked, and the counters unchanged over several consecutive readings. Once every order is decided,
 * islands may still be exchanging transfer messages (a grant on its way, a search that has not yet given up). The
 * demo reads the stock and the transfer counters after this wait, so they describe the final state: nothing
 * reserved, nothing in flight, every grant counted.
 * <p>
 * A reading is one query per island that copies a few counters, so waiting costs next to nothing however many orders
 * the islands hold (comparing digests instead would hash every island's whole state on each reading).
 * {@link Archipelago#close()} itself waits until no order is pending, no search is under way and every link message
 * is acknowledged before it records the digests, so the digests at close do not depend on this wait; that is why the
 * limit is short.
 *
 * @param settled whether the islands went quiet before the time limit.
 * @param nanos   time spent waiting.
 */
record Quiescence(boolean settled, long nanos)
{
    static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final long POLL_MILLIS = 20;
    private static final int QUIET_READINGS = 3;

    /**
     * @param engine          a running engine.
     * @return whether it went quiet, and how long that took.
     * @throws InterruptedException when interrupted while waiting.
     */
    static Quiescence await(final Archipelago engine) throws InterruptedException
    {
        final long start = System.nanoTime();
        Activity previous = Activity.read(engine);
        int unchanged = 0;
        while (unchanged < QUIET_READINGS && System.nanoTime() - start < LIMIT_NANOS)
        {
            Thread.sleep(POLL_MILLIS);
            final Activity current = Activity.read(engine);
            unchanged = current.idle() && current.equals(previous) ? unchanged + 1 : 0;
            previous = current;
        }
        return new Quiescence(unchanged >= QUIET_READINGS, System.nanoTime() - start);
    }

    /**
     * What the islands are doing, summed over every island.
     *
     * @param pendingOrders   orders waiting for units.
     * @param activeSearches  products for which an island has a request unanswered or a retry scheduled.
     * @param decidedOrders   orders confirmed, rejected or cancelled.
     * @param requestsSent    transfer requests sent.
     * @param answersSent     grants and denials sent.
     * @param answersReceived grants and denials received.
     * @param requestTimeouts requests that got no answer in time.
     * @param unitsSent       units granted.
     * @param unitsReceived   units received through grants.
     */
    private record Activity(long pendingOrders, long activeSearches, long decidedOrders, long requestsSent,
        long answersSent, long answersReceived, long requestTimeouts, long unitsSent, long unitsReceived)
    {
        static Activity read(final Archipelago engine)
        {
            final List<CompletableFuture<Activity>> perIsland = new ArrayList<>(engine.partitions());
            for (int partition = 0; partition < engine.partitions(); partition++)
            {
                perIsland.add(engine.inspect(partition, Activity::of));
            }
            Activity sum = new Activity(0, 0, 0, 0, 0, 0, 0, 0, 0);
            for (final CompletableFuture<Activity> island : perIsland)
            {
                sum = sum.plus(island.join());
            }
            return sum;
        }

        private static Activity of(final InventoryLogic logic)
        {
            final LogicStatistics s = logic.statistics();
            return new Activity(logic.pendingOrderCount(), logic.activeSearches(),
                s.ordersConfirmed() + s.ordersRejected() + s.ordersCancelled(), s.requestsSent(),
                s.grantsSent() + s.denialsSent(), s.grantsReceived() + s.denialsReceived(), s.requestTimeouts(),
                s.unitsSent(), s.unitsReceived());
        }

        private Activity plus(final Activity other)
        {
            return new Activity(pendingOrders + other.pendingOrders, activeSearches + other.activeSearches,
                decidedOrders + other.decidedOrders, requestsSent + other.requestsSent,
                answersSent + other.answersSent, answersReceived + other.answersReceived,
                requestTimeouts + other.requestTimeouts, unitsSent + other.unitsSent,
                unitsReceived + other.unitsReceived);
        }

        /**
         * @return whether no order waits, no island searches, and no granted unit is still on its way.
         */
        boolean idle()
        {
            return pendingOrders == 0 && activeSearches == 0 && unitsSent == unitsReceived;
        }
    }
}
