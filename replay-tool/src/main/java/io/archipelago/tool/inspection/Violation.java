package io.archipelago.tool.inspection;

import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * One broken invariant found by {@code archipelago audit}.
 *
 * @param kind      what is broken, for example {@code conservation} or {@code duplicate_link_apply}.
 * @param partition the island concerned, or {@code null}.
 * @param product   the product concerned, or {@code null}.
 * @param detail    what was found, in words, with the numbers.
 */
record Violation(String kind, Integer partition, Long product, String detail)
{
    static Violation ofIsland(final String kind, final int partition, final String detail)
    {
        return new Violation(kind, partition, null, detail);
    }

    static Violation ofProduct(final String kind, final long product, final String detail)
    {
        return new Violation(kind, null, product, detail);
    }

    /**
     * @return the violation on one line.
     */
    String toLine()
    {
        final StringBuilder line = new StringBuilder("VIOLATION ").append(kind);
        if (null != partition)
        {
            line.append(" island ").append(partition);
        }
        if (null != product)
        {
            line.append(" product ").append(product);
        }
        return line.append(": ").append(detail).toString();
    }

    void writeTo(final ArrayNode json)
    {
        json.addObject()
            .put("kind", kind)
            .put("partition", partition)
            .put("product", product)
            .put("detail", detail);
    }
}
