package io.archipelago.tool.inspection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One broken invariant found by {@code archipelago audit}.
 *
 * @param kind      what is broken, for example {@code conservation} or {@code duplicate_link_apply}.
 * @param partition the island concerned, or {@code null}.
 * @param product   the product concerned, or {@code null}.
 * @param order      the order concerned as {@code login#orderId}, or {@code null}.
 * @param linkSource for a link {@code s -> partition}, the sender {@code s}, or {@code null}.
 * @param detail    what was found, in words, with the numbers.
 */
record Violation(String kind, Integer partition, Long product, String order, Integer linkSource, String detail)
{
    Violation(final String kind, final Integer partition, final Long product, final String detail)
    {
        this(kind, partition, product, null, null, detail);
    }

    /**
     * @param violation a violation the engine's invariants found.
     * @return it as the audit reports it.
     */
    static Violation of(final io.archipelago.engine.invariants.Violation violation)
    {
        return new Violation(violation.invariant().kind(), violation.island(), violation.product(),
            violation.order(), violation.linkSource(), violation.message());
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
        if (null != order)
        {
            line.append(" order ").append(order);
        }
        if (null != linkSource)
        {
            line.append(" link from ").append(linkSource);
        }
        return line.append(": ").append(detail).toString();
    }

    void writeTo(final ArrayNode json)
    {
        final ObjectNode violation = json.addObject()
            .put("kind", kind)
            .put("partition", partition)
            .put("product", product);
        if (null != order)
        {
            violation.put("order", order);
        }
        if (null != linkSource)
        {
            violation.put("link_source", linkSource);
        }
        violation.put("detail", detail);
    }
}
