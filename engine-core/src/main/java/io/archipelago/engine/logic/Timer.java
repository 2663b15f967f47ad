package io.archipelago.engine.logic;

/**
 * A deadline an island scheduled on journaled time. Timers fire in (deadline, id) order; ids are dense per island,
 * so the order is the same live and in replay.
 */
final class Timer
{
    static final int ORDER_DEADLINE = 1;
    static final int REQUEST_TIMEOUT = 2;
    static final int SEARCH_RETRY = 3;

    final long id;
    final long deadline;
    final int kind;
    final Order order;
    final long productId;
    final long requestId;
    boolean cancelled;

    Timer(final long id, final long deadline, final int kind, final Order order, final long productId,
        final long requestId)
    {
        this.id = id;
        this.deadline = deadline;
        this.kind = kind;
        this.order = order;
        this.productId = productId;
        this.requestId = requestId;
    }
}
