package io.archipelago.perf.baseline;

/**
 * Identity of an order: the user who placed it and the user's order id.
 *
 * @param login   the user's login.
 * @param orderId the order id, unique per user.
 */
record OrderKey(String login, long orderId)
{
}
