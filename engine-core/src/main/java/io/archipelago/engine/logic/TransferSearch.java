package io.archipelago.engine.logic;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.model.EventType;
import io.archipelago.engine.model.TransferStrategy;

/**
 * The island's search for units it lacks, and its answers to other islands' searches. Per product, one request at a
 * time goes to the island its {@link TransferStrategy} picks; a round asks each other island at most once. With a
 * strategy that {@link TransferStrategy#rejectsUncoverable() counts what is sold}, answers report the answerer's
 * units sold, orders that ask more than may be left unsold anywhere are rejected, and an exhausted round is retried
 * after a back-off while orders wait. Otherwise a round in which some island may free units later is retried after
 * a back-off, and {@link #EMPTY_ROUNDS_TO_SELL_OUT} rounds in a row of "none, and none coming" make the product
 * sold out here.
 * <pre>
 *   requester                                   granter
 *   short by n --TRANSFER_REQUEST(n, extra)-----> available a
 *              <--TRANSFER_GRANT(g, hint, sold)-- g = strategy.grantUnits(n, extra, a) > 0
 *              <--TRANSFER_DENIAL(hint, may, sold) g == 0 (may = units held or asked for there)
 *
 *   any island                                  every other island
 *   a cancel gives sold units back
 *              --TRANSFER_DENIAL(request 0, hint, sold)--> sold notice: the sender's sold count fell
 * </pre>
 */
final class TransferSearch
{
    /**
     * Rounds in a row in which every other island must answer "none, and none coming" before a product counts as
     * sold out here. The second round, a back-off later, catches units that were on their way to an island that
     * had not asked for them yet when the first round reached it.
     */
    static final int EMPTY_ROUNDS_TO_SELL_OUT = 2;

    private final int island;
    private final int islands;
    private final IslandPolicy policy;
    private final ProductBook products;
    private final OrderBook orders;
    private final TimerQueue timers;
    private final LogicStatistics statistics;
    private final LinkProxy links;
    /**
     * Request id of a denial that answers no request: a sold notice, telling the receiver the sender's units sold
     * after a cancelled order lowered it ({@link #tellSoldFell}). Request ids start at 1.
     */
    static final long SOLD_NOTICE = 0;

    private long nextRequestId = 1;

    TransferSearch(final int island, final int islands, final IslandPolicy policy, final ProductBook products,
        final OrderBook orders, final TimerQueue timers, final LogicStatistics statistics, final LinkProxy links)
    {
        this.island = island;
        this.islands = islands;
        this.policy = policy;
        this.products = products;
        this.orders = orders;
        this.timers = timers;
        this.statistics = statistics;
        this.links = links;
    }

    long nextRequestId()
    {
        return nextRequestId;
    }

    /**
     * Another island asks for units: grant what the strategy gives from free units, or deny.
     */
    void onRequest(final int requester, final long requestId, final long productId, final long units,
        final long extra, final long priority)
    {
        final Product product = products.get(productId);
        final boolean reportsSold = policy.strategy.rejectsUncoverable();
        if (null == product)
        {
            links.deny(requester, requestId, productId, 0, Command.FLAG_MAY_FREE_UP,
                reportsSold ? 0 : Command.NO_PRIORITY);
            statistics.denialsSent++;
            return;
        }
        product.ensureSearchState(islands);
        product.hints[requester] = 0;
        long granted = Math.max(0, Math.min(product.available,
            policy.strategy.grantUnits(units, extra, product.available)));
        if (granted < units && granted == product.available && priority != Command.NO_PRIORITY)
        {
            granted += yieldToOlder(product, units - granted, priority, requester);
        }
        final int flags = product.reserved > 0 || product.held > 0 || awaitsUnitsFromLikelyGranter(product) ?
            Command.FLAG_MAY_FREE_UP : 0;
        final long sold = reportsSold ? Math.min(product.sold, Command.MAX_PRIORITY) : Command.NO_PRIORITY;
        if (granted > 0)
        {
            product.available -= granted;
            product.transferredOut += granted;
            statistics.grantsSent++;
            statistics.unitsSent += granted;
            links.grant(requester, requestId, product.id, granted, product.available, flags, sold);
            orders.out().stockEvent(EventType.UNITS_SENT, product.id, granted, requester);
        }
        else
        {
            statistics.denialsSent++;
            links.deny(requester, requestId, product.id, product.available, flags, sold);
        }
    }

    /**
     * Wound-wait: takes back units held here for orders younger than the request, as many as the strategy yields.
     *
     * @return units freed for the request.
     */
    private long yieldToOlder(final Product product, final long shortfall, final long priority, final int requester)
    {
        final long yieldable = orders.yieldable(product, priority, requester);
        if (yieldable <= 0)
        {
            return 0;
        }
        final long yielded = Math.max(0, Math.min(Math.min(shortfall, yieldable),
            policy.strategy.yieldUnits(shortfall, yieldable)));
        return yielded > 0 ? orders.takeBack(product, yielded, priority, requester) : 0;
    }

    /**
     * True while this island waits for an answer from an island that may have units (not known to be empty). Asks
     * of islands known to be empty do not count: when every island is short and asking everyone, counting them would
     * make every island tell every other "maybe later", and nobody could conclude the product is sold out.
     */
    private static boolean awaitsUnitsFromLikelyGranter(final Product product)
    {
        return product.outstandingRequestId != 0 && product.hints[product.outstandingPeer] != 0;
    }

    void onGrant(final int granter, final long requestId, final long productId, final long units, final long hint,
        final int flags, final long sold)
    {
        final Product product = answered(requestId, productId);
        if (null != product)
        {
            noteSold(product, granter, sold);
            product.emptyRounds = 0;
            product.available += units;
            product.transferredIn += units;
            orders.out().stockEvent(EventType.UNITS_RECEIVED, product.id, units, granter);
            statistics.grantsReceived++;
            statistics.unitsReceived += units;
            recordAnswer(product, granter, requestId, hint, flags);
        }
    }

    void onDenial(final int granter, final long requestId, final long productId, final long hint, final int flags,
        final long sold)
    {
        if (requestId == SOLD_NOTICE && sold != Command.NO_PRIORITY)
        {
            onSoldNotice(granter, productId, hint, sold);
            return;
        }
        final Product product = answered(requestId, productId);
        if (null != product)
        {
            noteSold(product, granter, sold);
            statistics.denialsReceived++;
            recordAnswer(product, granter, requestId, hint, flags);
        }
    }

    /**
     * A cancelled confirmed order gave units back here, so the sold count this island may have reported to others
     * is now too high, and an island counting on it could reject an order that these units would cover. Every other
     * island is told the new count (a denial answering no request: {@link #SOLD_NOTICE}). Only a product this island
     * has searched for or answered requests about can have been reported; nothing is sent for others.
     */
    void tellSoldFell(final Product product)
    {
        if (!policy.strategy.rejectsUncoverable() || null == product.hints || islands == 1)
        {
            return;
        }
        final long sold = Math.min(product.sold, Command.MAX_PRIORITY);
        for (int peer = 0; peer < islands; peer++)
        {
            if (peer != island)
            {
                links.deny(peer, SOLD_NOTICE, product.id, product.available, 0, sold);
            }
        }
    }

    private void onSoldNotice(final int sender, final long productId, final long available, final long sold)
    {
        final Product product = products.get(productId);
        if (null == product)
        {
            return;
        }
        product.ensureSearchState(islands);
        noteSold(product, sender, sold);
        product.hints[sender] = available;
        products.markDirty(product);
    }

    private void noteSold(final Product product, final int granter, final long sold)
    {
        if (sold != Command.NO_PRIORITY && granter != island && granter >= 0 && granter < islands)
        {
            product.reportSold(granter, islands, sold);
        }
    }

    /**
     * @return the product an answer is about, or {@code null} (counted) when it answers no request sent from here.
     */
    private Product answered(final long requestId, final long productId)
    {
        final Product product = products.get(productId);
        if (null == product || requestId <= 0 || requestId >= nextRequestId)
        {
            statistics.unknownRequests++;
            return null;
        }
        product.ensureSearchState(islands);
        return product;
    }

    private void recordAnswer(final Product product, final int granter, final long requestId, final long hint,
        final int flags)
    {
        product.hints[granter] = hint;
        if ((flags & Command.FLAG_MAY_FREE_UP) != 0)
        {
            product.roundMayFreeUp = true;
        }
        if (product.outstandingRequestId == requestId)
        {
            product.outstandingRequestId = 0;
            product.outstandingPeer = -1;
            timers.cancel(product.requestTimer);
            product.requestTimer = null;
        }
        products.markDirty(product);
    }

    /**
     * A request got no answer in time: the round goes on as if the island may free units later.
     */
    void onRequestTimeout(final long productId, final long requestId)
    {
        final Product product = products.get(productId);
        if (product.outstandingRequestId == requestId)
        {
            product.outstandingRequestId = 0;
            product.outstandingPeer = -1;
            product.requestTimer = null;
            product.roundMayFreeUp = true;
            statistics.requestTimeouts++;
            products.markDirty(product);
        }
    }

    /**
     * The back-off passed: a new round starts.
     */
    void onRetry(final long productId)
    {
        final Product product = products.get(productId);
        product.retryTimer = null;
        product.round++;
        product.roundMayFreeUp = false;
        products.markDirty(product);
    }

    /**
     * Moves the product's search for units one step: ask the next island, wait, retry later, or declare it sold out
     * here.
     *
     * @param now journaled time of the input being applied.
     */
    void pursue(final Product product, final long now)
    {
        orders.rejectUncoverable(product);
        if (product.outstandingRequestId != 0 || null != product.retryTimer)
        {
            return;
        }
        if (product.waitingUnmet <= 0)
        {
            endSearch(product);
            return;
        }
        final boolean woundWait = policy.strategy.rejectsUncoverable();
        if (islands == 1)
        {
            if (!woundWait)
            {
                soldOut(product);
            }
            return;
        }
        product.ensureSearchState(islands);
        final int peer = policy.strategy.choosePeer(island, islands, product.round, product.hints, product.asked);
        if (peer >= 0 && peer != island && peer < islands)
        {
            final long need = product.waitingUnmet;
            final long extra = Math.max(0, policy.strategy.extraUnits(need));
            final long requestId = nextRequestId++;
            product.asked[peer] = product.round;
            product.outstandingRequestId = requestId;
            product.outstandingPeer = peer;
            product.requestTimer = timers.schedule(now + policy.transferTimeoutMillis, Timer.REQUEST_TIMEOUT, null,
                product.id, requestId);
            statistics.requestsSent++;
            final Order oldest = orders.oldestUnmet(product);
            links.request(peer, requestId, product.id, need, extra,
                null == oldest ? Command.NO_PRIORITY : Seniority.of(oldest.placedAt));
        }
        else if (woundWait || product.roundMayFreeUp || ++product.emptyRounds < EMPTY_ROUNDS_TO_SELL_OUT)
        {
            if (product.roundMayFreeUp)
            {
                product.emptyRounds = 0;
            }
            final long delay = policy.retryDelayMillis(product.retries);
            product.retries++;
            product.retryTimer = timers.schedule(now + delay, Timer.SEARCH_RETRY, null, product.id, 0);
        }
        else
        {
            soldOut(product);
        }
    }

    private void soldOut(final Product product)
    {
        orders.rejectWaiting(product);
        endSearch(product);
    }

    private void endSearch(final Product product)
    {
        product.round++;
        product.roundMayFreeUp = false;
        product.retries = 0;
        product.emptyRounds = 0;
        timers.cancel(product.retryTimer);
        product.retryTimer = null;
    }

    void writeCounterTo(final DataOutput out) throws IOException
    {
        out.writeLong(nextRequestId);
    }

    void readCounterFrom(final DataInput in) throws IOException
    {
        nextRequestId = in.readLong();
    }
}
