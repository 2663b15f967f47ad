package io.archipelago.tool.inspection;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.CommandType;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.codec.RecordHeader;

/**
 * One decoded journal record, detached from the reader that read it (the reader reuses its holders), written as one
 * line of text or as the members of a JSON object.
 *
 * @param partition      the island whose journal holds it.
 * @param sequence       the island's sequence number of the record.
 * @param timestamp      journaled time, epoch milliseconds.
 * @param source         {@link RecordDescriptor#SOURCE_CLIENT}, {@link RecordDescriptor#SOURCE_TIMER} or the island
 *                       that sent the link message.
 * @param sourceSequence the link sequence of a link message, else 0.
 * @param command        the decoded input (a copy owned by this entry).
 */
public record JournalEntry(int partition, long sequence, long timestamp, int source, long sourceSequence, Command command)
{
    private static final DateTimeFormatter TIME =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * @param partition the island.
     * @param header    the record's header as decoded.
     * @param command   the record's input as decoded (copied).
     * @return the entry.
     */
    public static JournalEntry of(final int partition, final RecordHeader header, final Command command)
    {
        return new JournalEntry(partition, header.sequence(), header.timestamp(), header.source(),
            header.sourceSequence(), new Command().copyFrom(command));
    }

    CommandType type()
    {
        return command.type();
    }

    /**
     * @param timestamp epoch milliseconds.
     * @return ISO-8601 in UTC with milliseconds, for example {@code 2025-01-31T09:15:02.125Z}.
     */
    public static String time(final long timestamp)
    {
        return TIME.format(Instant.ofEpochMilli(timestamp));
    }

    /**
     * @return {@code client}, {@code timer}, or {@code island S #N} for message N of the link from island S.
     */
    String sourceText()
    {
        return switch (source)
        {
            case RecordDescriptor.SOURCE_CLIENT -> "client";
            case RecordDescriptor.SOURCE_TIMER -> "timer";
            default -> "island " + source + " #" + sourceSequence;
        };
    }

    /**
     * @return {@code client}, {@code timer} or {@code link}.
     */
    String sourceKind()
    {
        return switch (source)
        {
            case RecordDescriptor.SOURCE_CLIENT -> "client";
            case RecordDescriptor.SOURCE_TIMER -> "timer";
            default -> source >= 0 ? "link" : "unknown";
        };
    }

    /**
     * @param withPartition start the line with the island ({@code p3}), for records of several islands.
     * @return the record on one line: sequence, time, type, source, fields.
     */
    public String toLine(final boolean withPartition)
    {
        final StringBuilder line = new StringBuilder(128);
        if (withPartition)
        {
            line.append(String.format(Locale.ROOT, "p%-3d ", partition));
        }
        line.append(String.format(Locale.ROOT, "%9d  %s  %-16s %-15s ", sequence, time(timestamp), type(), sourceText()));
        return appendFields(line).toString().stripTrailing();
    }

    private StringBuilder appendFields(final StringBuilder line)
    {
        final Command c = command;
        return switch (c.type())
        {
            case CREATE_PRODUCT, RESTOCK -> line.append("product=").append(c.productId())
                .append(" units=").append(c.units());
            case PLACE_ORDER, PLACE_HOLD ->
            {
                line.append("login=").append(c.login()).append(c.type() == CommandType.PLACE_HOLD ? " hold=" :
                    " order=").append(c.orderId()).append(" lines=[");
                for (int i = 0; i < c.lineCount(); i++)
                {
                    line.append(i == 0 ? "" : ", ").append(c.lineProductId(i)).append('x').append(c.lineQuantity(i));
                }
                line.append(']');
                if (c.timeoutMillis() != 0)
                {
                    line.append(" timeout=").append(c.timeoutMillis()).append("ms");
                }
                if (c.type() == CommandType.PLACE_HOLD)
                {
                    line.append(" hold-for=").append(c.holdForMillis()).append("ms");
                }
                yield line;
            }
            case CANCEL_ORDER -> line.append("login=").append(c.login()).append(" order=").append(c.orderId());
            case CONFIRM_HOLD, RELEASE_HOLD -> line.append("login=").append(c.login()).append(" hold=")
                .append(c.orderId());
            case SCHEDULE -> line.append("login=").append(c.login()).append(" key=").append(c.orderId())
                .append(c.whenKind() == RecordDescriptor.WHEN_AFTER ? " after=" : " due=")
                .append(c.whenKind() == RecordDescriptor.WHEN_AFTER ? c.when() + "ms" : time(c.when()))
                .append(" payload=").append(c.payloadLength()).append("B");
            case CANCEL_SCHEDULE -> line.append("login=").append(c.login()).append(" key=").append(c.orderId());
            case TICK -> line;
            case TRANSFER_REQUEST -> line.append("request=").append(c.requestId()).append(" product=")
                .append(c.productId()).append(" units=").append(c.units()).append(" extra=").append(c.extra());
            case TRANSFER_GRANT, TRANSFER_DENIAL ->
            {
                line.append("request=").append(c.requestId()).append(" product=").append(c.productId())
                    .append(" units=").append(c.units()).append(" hint=").append(c.extra());
                if (mayFreeUp())
                {
                    line.append(" may-free-up");
                }
                yield line;
            }
            case SET_POLICY -> line.append("strategy=").append(c.strategyName())
                .append(" transfer-timeout=").append(c.transferTimeoutMillis()).append("ms retry=")
                .append(c.retryInitialMillis()).append("..").append(c.retryMaxMillis()).append("ms");
        };
    }

    /**
     * Puts the record's members into a JSON object.
     *
     * @param json the object, empty or holding members that come first.
     */
    public void writeMembers(final ObjectNode json)
    {
        final Command c = command;
        json.put("partition", partition)
            .put("sequence", sequence)
            .put("timestamp", timestamp)
            .put("time", time(timestamp))
            .put("type", c.type().name())
            .put("source", sourceKind());
        if (source >= 0)
        {
            json.put("from_partition", source).put("link_sequence", sourceSequence);
        }
        putFields(json);
    }

    private ObjectNode putFields(final ObjectNode json)
    {
        final Command c = command;
        return switch (c.type())
        {
            case CREATE_PRODUCT, RESTOCK -> json.put("product", c.productId()).put("units", c.units());
            case PLACE_ORDER, PLACE_HOLD ->
            {
                json.put("login", c.login()).put("order", c.orderId()).put("timeout_ms", c.timeoutMillis());
                if (c.type() == CommandType.PLACE_HOLD)
                {
                    json.put("hold_for_ms", c.holdForMillis());
                }
                final ArrayNode lines = json.putArray("lines");
                for (int i = 0; i < c.lineCount(); i++)
                {
                    lines.addObject().put("product", c.lineProductId(i)).put("quantity", c.lineQuantity(i));
                }
                yield json;
            }
            case CANCEL_ORDER, CONFIRM_HOLD, RELEASE_HOLD -> json.put("login", c.login()).put("order", c.orderId());
            case SCHEDULE ->
            {
                json.put("login", c.login()).put("key", c.orderId());
                if (c.whenKind() == RecordDescriptor.WHEN_AFTER)
                {
                    json.put("after_ms", c.when());
                }
                else
                {
                    json.put("due", c.when());
                }
                yield json.put("payload", java.util.Base64.getEncoder().encodeToString(
                    java.util.Arrays.copyOf(c.payload(), c.payloadLength())));
            }
            case CANCEL_SCHEDULE -> json.put("login", c.login()).put("key", c.orderId());
            case TICK -> json;
            case TRANSFER_REQUEST -> json.put("request", c.requestId()).put("product", c.productId())
                .put("units", c.units()).put("extra", c.extra());
            case TRANSFER_GRANT, TRANSFER_DENIAL -> json.put("request", c.requestId())
                .put("product", c.productId()).put("units", c.units()).put("hint", c.extra())
                .put("may_free_up", mayFreeUp());
            case SET_POLICY -> json.put("strategy", c.strategyName())
                .put("transfer_timeout_ms", c.transferTimeoutMillis())
                .put("retry_initial_ms", c.retryInitialMillis())
                .put("retry_max_ms", c.retryMaxMillis());
        };
    }

    private boolean mayFreeUp()
    {
        return (command.flags() & Command.FLAG_MAY_FREE_UP) != 0;
    }

    /**
     * @param c         a decoded input.
     * @param productId a product.
     * @return true when the input creates, restocks, orders or moves units of that product.
     */
    static boolean namesProduct(final Command c, final long productId)
    {
        return switch (c.type())
        {
            case CREATE_PRODUCT, RESTOCK, TRANSFER_REQUEST, TRANSFER_GRANT, TRANSFER_DENIAL -> c.productId() == productId;
            case PLACE_ORDER, PLACE_HOLD ->
            {
                boolean names = false;
                for (int i = 0; i < c.lineCount() && !names; i++)
                {
                    names = c.lineProductId(i) == productId;
                }
                yield names;
            }
            case CANCEL_ORDER, TICK, SET_POLICY, CONFIRM_HOLD, RELEASE_HOLD, SCHEDULE, CANCEL_SCHEDULE -> false;
        };
    }
}
