package io.archipelago.engine.crash;

import java.util.ArrayList;
import java.util.List;

import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.ResultCode;

/**
 * One line of the acknowledgement log: a result the worker's client received from the engine (or, for
 * {@link Kind#RESTOCK_INTENT}, a restock it was about to submit). Comma separated, one per line:
 * <pre>
 *   order,heavy-2,3000000017,CONFIRMED,1x2;3x1     login, order id, result, lines (product x quantity)
 *   cancel,heavy-2,3000000013,CANCELLED            login, order id, result
 *   restock-intent,2,40                            product, units (written before the restock is submitted)
 *   restock,2,40,RESTOCKED                         product, units, result
 *   create,1,1500,ALREADY_EXISTS                   product, units, result
 * </pre>
 *
 * @param number the line number in the log, from 1.
 * @param kind   what the line records.
 * @param login  the user (orders and cancellations), else {@code null}.
 * @param id     the order id, or the product id for restocks and creations.
 * @param units  units of a restock or creation, else 0.
 * @param result the result received ({@code null} for an intent).
 * @param lines  the order's lines (orders only, else empty).
 * @param text   the line as written.
 */
record AckLine(int number, Kind kind, String login, long id, long units, ResultCode result, List<OrderLine> lines,
    String text)
{
    /**
     * What a line records.
     */
    enum Kind
    {
        ORDER("order"),
        CANCEL("cancel"),
        RESTOCK_INTENT("restock-intent"),
        RESTOCK("restock"),
        CREATE("create");

        private final String label;

        Kind(final String label)
        {
            this.label = label;
        }

        String label()
        {
            return label;
        }

        static Kind of(final String label)
        {
            for (final Kind kind : values())
            {
                if (kind.label.equals(label))
                {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown kind '" + label + "'");
        }
    }

    static String order(final String login, final long orderId, final ResultCode result, final long[] productIds,
        final int[] quantities, final int lineCount)
    {
        final StringBuilder text = new StringBuilder(64).append(Kind.ORDER.label()).append(',').append(login)
            .append(',').append(orderId).append(',').append(result.name()).append(',');
        for (int i = 0; i < lineCount; i++)
        {
            if (i > 0)
            {
                text.append(';');
            }
            text.append(productIds[i]).append('x').append(quantities[i]);
        }
        return text.toString();
    }

    static String cancel(final String login, final long orderId, final ResultCode result)
    {
        return Kind.CANCEL.label() + ',' + login + ',' + orderId + ',' + result.name();
    }

    static String restockIntent(final long productId, final long units)
    {
        return Kind.RESTOCK_INTENT.label() + ',' + productId + ',' + units;
    }

    static String restock(final long productId, final long units, final ResultCode result)
    {
        return Kind.RESTOCK.label() + ',' + productId + ',' + units + ',' + result.name();
    }

    static String create(final long productId, final long units, final ResultCode result)
    {
        return Kind.CREATE.label() + ',' + productId + ',' + units + ',' + result.name();
    }

    /**
     * @param number the line number.
     * @param text   a complete line without its line feed.
     * @return the parsed line.
     * @throws IllegalArgumentException when the line is malformed.
     */
    static AckLine parse(final int number, final String text)
    {
        final String[] fields = text.split(",", -1);
        try
        {
            final Kind kind = Kind.of(fields[0]);
            return switch (kind)
            {
                case ORDER ->
                {
                    expectFields(fields, 5);
                    yield new AckLine(number, kind, fields[1], Long.parseLong(fields[2]), 0,
                        ResultCode.valueOf(fields[3]), parseLines(fields[4]), text);
                }
                case CANCEL ->
                {
                    expectFields(fields, 4);
                    yield new AckLine(number, kind, fields[1], Long.parseLong(fields[2]), 0,
                        ResultCode.valueOf(fields[3]), List.of(), text);
                }
                case RESTOCK_INTENT ->
                {
                    expectFields(fields, 3);
                    yield new AckLine(number, kind, null, Long.parseLong(fields[1]), Long.parseLong(fields[2]), null,
                        List.of(), text);
                }
                case RESTOCK, CREATE ->
                {
                    expectFields(fields, 4);
                    yield new AckLine(number, kind, null, Long.parseLong(fields[1]), Long.parseLong(fields[2]),
                        ResultCode.valueOf(fields[3]), List.of(), text);
                }
            };
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException("malformed acknowledgement line " + number + ": '" + text + "' (" +
                ex.getMessage() + ")", ex);
        }
    }

    private static void expectFields(final String[] fields, final int count)
    {
        if (fields.length != count)
        {
            throw new IllegalArgumentException(count + " fields expected, found " + fields.length);
        }
    }

    private static List<OrderLine> parseLines(final String field)
    {
        final List<OrderLine> lines = new ArrayList<>(2);
        for (final String line : field.split(";"))
        {
            final int x = line.indexOf('x');
            lines.add(new OrderLine(Long.parseLong(line.substring(0, x)), Integer.parseInt(line.substring(x + 1))));
        }
        return List.copyOf(lines);
    }

    @Override
    public String toString()
    {
        return "ack line " + number + " '" + text + "'";
    }
}
