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
 * @param expiresAt a hold still waiting or held: when its units stop being held (epoch ms); otherwise 0.
 */
public record OrderStatus(String login, long orderId, OrderState state, ResultCode reason, List<OrderLine> lines,
    int partition, long expiresAt)
{
    /**
     * The status of an order that is not a waiting or held hold.
     *
     * @param login     the user.
     * @param orderId   the user's order id.
     * @param state     lifecycle state.
     * @param reason    why it was rejected, or {@code null}.
     * @param lines     the order's lines.
     * @param partition the island holding the order.
     */
    public OrderStatus(final String login, final long orderId, final OrderState state, final ResultCode reason,
        final List<OrderLine> lines, final int partition)
    {
        this(login, orderId, state, reason, lines, partition, 0);
    }

    /**
     * @return true for a hold whose units are held now.
     */
    public boolean isHeld()
    {
        return state == OrderState.HELD;
    }
}
