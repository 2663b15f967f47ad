package io.archipelago.engine.model;

import java.util.List;

/**
 * A read-only view of one order at its island.
 *
 * @param login     the user.
 * @param orderId   the user's order id.
 * @param state     lifecycle state ({@link OrderState#UNKNOWN} when the island has no such order).
 * @param reason    why it was rejected ({@code null} unless {@link OrderState#REJECTED}).
 * @param lines     the order's lines (empty when unknown).
 * @param partition the island holding the order.
 */
public record OrderStatus(String login, long orderId, OrderState state, ResultCode reason, List<OrderLine> lines,
    int partition)
{
}
