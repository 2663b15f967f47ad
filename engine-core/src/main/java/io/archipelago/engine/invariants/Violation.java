package io.archipelago.engine.invariants;

import java.util.Comparator;

/**
 * One broken invariant.
 *
 * @param invariant  what is broken.
 * @param island     the island whose state or journal shows it (for a link, the receiver), or {@code null}.
 * @param product    the product concerned, or {@code null}.
 * @param order      the order concerned as {@code login#orderId}, or {@code null}.
 * @param linkSource for a link {@code s -> island}, the sender {@code s}; otherwise {@code null}.
 * @param message    what was found, in words, with the numbers, on one line.
 */
public record Violation(Invariant invariant, Integer island, Long product, String order, Integer linkSource,
    String message)
{
    /** Island, product, order, link, invariant, then message: the order in which violations are reported. */
    public static final Comparator<Violation> REPORT_ORDER = Comparator
        .comparing(Violation::island, Comparator.nullsFirst(Comparator.<Integer>naturalOrder()))
        .thenComparing(Violation::product, Comparator.nullsFirst(Comparator.<Long>naturalOrder()))
        .thenComparing(Violation::order, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
        .thenComparing(Violation::linkSource, Comparator.nullsFirst(Comparator.<Integer>naturalOrder()))
        .thenComparing(Violation::invariant)
        .thenComparing(Violation::message);

    static Violation ofStock(final Invariant invariant, final int island, final long product, final String message)
    {
        return new Violation(invariant, island, product, null, null, message);
    }

    static Violation ofProduct(final Invariant invariant, final long product, final String message)
    {
        return new Violation(invariant, null, product, null, null, message);
    }

    static Violation ofOrder(final Invariant invariant, final int island, final String order, final String message)
    {
        return new Violation(invariant, island, null, order, null, message);
    }

    static Violation ofLink(final Invariant invariant, final int source, final int target, final String message)
    {
        return new Violation(invariant, target, null, null, source, message);
    }

    static Violation ofIsland(final Invariant invariant, final int island, final String message)
    {
        return new Violation(invariant, island, null, null, null, message);
    }

    /**
     * @return the violation on one line, for example {@code conservation product 3: ...}.
     */
    @Override
    public String toString()
    {
        final StringBuilder line = new StringBuilder(invariant.kind());
        if (null != island)
        {
            line.append(" island ").append(island);
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
            line.append(" link ").append(linkSource).append("->").append(island);
        }
        return line.append(": ").append(message).toString();
    }
}
