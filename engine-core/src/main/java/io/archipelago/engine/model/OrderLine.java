package io.archipelago.engine.model;

/**
 * One line of an order: a product and a positive quantity.
 *
 * @param productId the product (SKU) id.
 * @param quantity  units wanted, at least 1.
 */
public record OrderLine(long productId, int quantity)
{
}
