package io.archipelago.engine.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One input to an island's logic, as a mutable, reusable holder: ring events own one each, and the journal decoder
 * fills one per record. The logic reads inputs only through this type, so the live path and replay take the same
 * code path.
 */
public final class Command
{
    /** Most lines one order may have. */
    public static final int MAX_LINES = 64;
    /** Longest login, in UTF-8 bytes. */
    public static final int MAX_LOGIN_BYTES = 256;
    /** Longest payload of a user's timer, bytes. */
    public static final int MAX_PAYLOAD_BYTES = 512;
    /** Longest a hold may be held, and furthest ahead a timer may be due: 366 days, in ms. */
    public static final long MAX_AHEAD_MILLIS = 366L * 24 * 3600 * 1000;
    /** Most units one create or restock may carry (2^50). */
    public static final long MAX_UNITS = 1L << 50;
    /** Flag of grants and denials: the answering island may have units later (held for orders, or asked for). */
    public static final int FLAG_MAY_FREE_UP = 1;
    /**
     * Flag of link messages: the message carries a 40-bit value ({@link #priority()}): a request, the seniority of
     * the oldest order it serves; a grant or denial, the units the answering island has sold of the product.
     */
    public static final int FLAG_PRIORITY = 2;
    /** {@link #priority()} of a link message that carries none (every record written before the value existed). */
    public static final long NO_PRIORITY = -1;
    /** Largest value a link message carries (40 bits). */
    public static final long MAX_PRIORITY = (1L << 40) - 1;

    private CommandType type;
    /** The login (or a policy's strategy name) as a string; {@code null} until asked for when only bytes were read. */
    private String login;
    /** The login as UTF-8, encoded once where it is set (a client's thread) or copied from a record. */
    private byte[] loginBytes = new byte[INITIAL_LOGIN_CAPACITY];
    /** Bytes of {@link #loginBytes} in use; -1 when the command has no login or it cannot be encoded. */
    private int loginLength = -1;
    private long orderId;
    private long productId;
    private long units;
    private int lineCount;
    private int timeoutMillis;
    private long requestId;
    private long extra;
    private int flags;
    private long priority = NO_PRIORITY;
    private int transferTimeoutMillis;
    private int retryInitialMillis;
    private int retryMaxMillis;
    private long holdForMillis;
    private long when;
    private int whenKind;
    private int payloadLength;
    /** Grown on first use: most ring slots never carry a payload. */
    private byte[] payload = NO_BYTES;
    private static final byte[] NO_BYTES = new byte[0];
    /** Login bytes a command holds before its array grows: commands sit in every ring slot, so they start small. */
    static final int INITIAL_LOGIN_CAPACITY = 32;
    /** Lines a command holds before its line arrays grow: commands sit in every ring slot, so they start small. */
    static final int INITIAL_LINE_CAPACITY = 4;

    private long[] lineProductIds = new long[INITIAL_LINE_CAPACITY];
    private int[] lineQuantities = new int[INITIAL_LINE_CAPACITY];

    /**
     * @return the kind of input.
     */
    public CommandType type()
    {
        return type;
    }

    /**
     * @return the user, for order commands.
     */
    public String login()
    {
        if (null == login && loginLength >= 0)
        {
            login = new String(loginBytes, 0, loginLength, StandardCharsets.UTF_8);
        }
        return login;
    }

    /**
     * @return the login's UTF-8 bytes (valid up to {@link #loginLength()}); read only, reused by the next command.
     */
    public byte[] loginBytes()
    {
        return loginBytes;
    }

    /**
     * @return the length of the login in UTF-8 bytes, or -1 when the command carries none (or an unencodable one,
     *         which {@link #validate()} refuses).
     */
    public int loginLength()
    {
        return loginLength;
    }

    /**
     * @return the user's order id, for order commands.
     */
    public long orderId()
    {
        return orderId;
    }

    /**
     * @return the product, for product commands.
     */
    public long productId()
    {
        return productId;
    }

    /**
     * @return total units over all islands, for product commands.
     */
    public long units()
    {
        return units;
    }

    /**
     * @return number of order lines.
     */
    public int lineCount()
    {
        return lineCount;
    }

    /**
     * @param index line index.
     * @return the line's product.
     */
    public long lineProductId(final int index)
    {
        return lineProductIds[index];
    }

    /**
     * @param index line index.
     * @return the line's quantity.
     */
    public int lineQuantity(final int index)
    {
        return lineQuantities[index];
    }

    /**
     * @return for an order: how long it may wait for units before it is rejected, ms (0 = the engine's default).
     */
    public int timeoutMillis()
    {
        return timeoutMillis;
    }

    /**
     * @return for link messages: the requesting island's request id.
     */
    public long requestId()
    {
        return requestId;
    }

    /**
     * @return for a transfer request: units asked beyond the need; for a grant or denial: the answering island's
     *         available units afterwards (a hint).
     */
    public long extra()
    {
        return extra;
    }

    /**
     * @return for grants and denials: {@link #FLAG_MAY_FREE_UP} when the answering island has units held or on
     *         their way that may become free later.
     */
    public int flags()
    {
        return flags;
    }

    /**
     * @return for a transfer request: the seniority of the oldest order it serves at the requesting island, between
     *         0 and {@link #MAX_PRIORITY} (smaller is older); for a grant or denial: the units of the product sold
     *         at the answering island when it answered (at most {@link #MAX_PRIORITY}); or {@link #NO_PRIORITY}.
     */
    public long priority()
    {
        return priority;
    }

    /**
     * Sets the 40-bit value a link message carries (after {@link #link}): a request's seniority, an answer's units
     * sold.
     *
     * @param priority between 0 and {@link #MAX_PRIORITY}, or {@link #NO_PRIORITY}.
     * @return this.
     */
    public Command priority(final long priority)
    {
        if (priority != NO_PRIORITY && (priority < 0 || priority > MAX_PRIORITY))
        {
            throw new IllegalArgumentException("link value " + priority + " outside 0.." + MAX_PRIORITY);
        }
        this.priority = priority;
        return this;
    }

    /**
     * @return for a policy record: how long an island waits for an answer to a transfer request, ms.
     */
    public int transferTimeoutMillis()
    {
        return transferTimeoutMillis;
    }

    /**
     * @return for a policy record: first delay before asking every island again, ms.
     */
    public int retryInitialMillis()
    {
        return retryInitialMillis;
    }

    /**
     * @return for a policy record: longest delay between rounds of asking, ms.
     */
    public int retryMaxMillis()
    {
        return retryMaxMillis;
    }

    /**
     * @return for a hold: how long its units may stay held after it was placed, ms.
     */
    public long holdForMillis()
    {
        return holdForMillis;
    }

    /**
     * When a {@code SCHEDULE} journaled at {@code now} falls due: its due time, or {@code now} plus its delay, and never
     * before {@code now}; -1 when that is more than {@link #MAX_AHEAD_MILLIS} ahead (the island refuses it). The
     * island and the tools that show timers both decide it here.
     *
     * @param now the record's journaled time.
     * @return the due time (epoch ms), or -1.
     */
    public long scheduledDue(final long now)
    {
        final long due = whenKind == RecordDescriptor.WHEN_AFTER ? now + when : when;
        return due - now > MAX_AHEAD_MILLIS ? -1 : Math.max(due, now);
    }

    /**
     * @return for a timer: its due time (epoch ms) or its delay (ms), as {@link #whenKind()} says.
     */
    public long when()
    {
        return when;
    }

    /**
     * @return for a timer: {@link RecordDescriptor#WHEN_AT} or {@link RecordDescriptor#WHEN_AFTER}.
     */
    public int whenKind()
    {
        return whenKind;
    }

    /**
     * @return for a timer: its payload's length in bytes.
     */
    public int payloadLength()
    {
        return payloadLength;
    }

    /**
     * @return for a timer: the array holding its payload (valid up to {@link #payloadLength()}; reused).
     */
    public byte[] payload()
    {
        return payload;
    }

    /**
     * @return for a policy record: the transfer strategy's name.
     */
    public String strategyName()
    {
        return login();
    }

    /**
     * @param productId product id.
     * @param units     total units to split over the islands.
     * @return this.
     */
    public Command createProduct(final long productId, final long units)
    {
        return product(CommandType.CREATE_PRODUCT, productId, units);
    }

    /**
     * @param productId product id.
     * @param units     total units to split over the islands.
     * @return this.
     */
    public Command restock(final long productId, final long units)
    {
        return product(CommandType.RESTOCK, productId, units);
    }

    /**
     * Starts a place-order command; add lines with {@link #addLine(long, int)}.
     *
     * @param login   the user.
     * @param orderId the user's order id.
     * @return this.
     */
    public Command placeOrder(final String login, final long orderId)
    {
        clear();
        this.type = CommandType.PLACE_ORDER;
        setLoginString(login);
        this.orderId = orderId;
        return this;
    }

    /**
     * @param timeoutMillis how long the order may wait for units, ms; 0 for the engine's default.
     * @return this.
     */
    public Command timeoutMillis(final int timeoutMillis)
    {
        this.timeoutMillis = timeoutMillis;
        return this;
    }

    /**
     * Starts a place-hold command; add lines with {@link #addLine(long, int)}.
     *
     * @param login         the user.
     * @param holdId        the user's order id for the hold.
     * @param holdForMillis how long the units may stay held after placement, ms.
     * @return this.
     */
    public Command placeHold(final String login, final long holdId, final long holdForMillis)
    {
        clear();
        this.type = CommandType.PLACE_HOLD;
        setLoginString(login);
        this.orderId = holdId;
        this.holdForMillis = holdForMillis;
        return this;
    }

    /**
     * @param login  the user.
     * @param holdId the hold.
     * @return this.
     */
    public Command confirmHold(final String login, final long holdId)
    {
        return keyed(CommandType.CONFIRM_HOLD, login, holdId);
    }

    /**
     * @param login  the user.
     * @param holdId the hold.
     * @return this.
     */
    public Command releaseHold(final String login, final long holdId)
    {
        return keyed(CommandType.RELEASE_HOLD, login, holdId);
    }

    /**
     * @param login the user.
     * @param key   the timer's key.
     * @return this.
     */
    public Command cancelSchedule(final String login, final long key)
    {
        return keyed(CommandType.CANCEL_SCHEDULE, login, key);
    }

    /**
     * A user's timer.
     *
     * @param login    the user.
     * @param key      the user's key for it (a pending timer with the same key is replaced).
     * @param when     due time (epoch ms) or delay (ms).
     * @param whenKind {@link RecordDescriptor#WHEN_AT} or {@link RecordDescriptor#WHEN_AFTER}.
     * @param payload  bytes handed back when it fires.
     * @param offset   first payload byte.
     * @param length   payload length, at most {@link #MAX_PAYLOAD_BYTES} (longer is kept whole and refused by
     *                 {@link #validate()}).
     * @return this.
     */
    public Command schedule(final String login, final long key, final long when, final int whenKind,
        final byte[] payload, final int offset, final int length)
    {
        clear();
        this.type = CommandType.SCHEDULE;
        setLoginString(login);
        this.orderId = key;
        this.when = when;
        this.whenKind = whenKind;
        ensurePayloadCapacity(length);
        System.arraycopy(payload, offset, this.payload, 0, length);
        this.payloadLength = length;
        return this;
    }

    private void ensurePayloadCapacity(final int length)
    {
        if (payload.length < length)
        {
            payload = new byte[Math.max(length, Math.min(MAX_PAYLOAD_BYTES, Math.max(64, payload.length * 2)))];
        }
    }

    private Command keyed(final CommandType type, final String login, final long id)
    {
        clear();
        this.type = type;
        setLoginString(login);
        this.orderId = id;
        return this;
    }

    /**
     * @return a tick.
     */
    public Command tick()
    {
        clear();
        this.type = CommandType.TICK;
        return this;
    }

    /**
     * A link message.
     *
     * @param type      {@link CommandType#TRANSFER_REQUEST}, {@link CommandType#TRANSFER_GRANT} or
     *                  {@link CommandType#TRANSFER_DENIAL}.
     * @param requestId the requesting island's request id.
     * @param productId the product.
     * @param units     units needed (request) or moved (grant); 0 for a denial.
     * @param extra     units asked beyond the need (request) or the answering island's available units (answers).
     * @param flags     {@link #FLAG_MAY_FREE_UP} or 0 (8 bits; the 40-bit value is set with {@link #priority(long)}).
     * @return this.
     */
    public Command link(final CommandType type, final long requestId, final long productId, final long units,
        final long extra, final int flags)
    {
        if ((flags & ~0xFF) != 0 || (flags & FLAG_PRIORITY) != 0)
        {
            throw new IllegalArgumentException("link flags are 8 bits without the value bit: " + flags);
        }
        clear();
        this.type = type;
        this.requestId = requestId;
        this.productId = productId;
        this.units = units;
        this.extra = extra;
        this.flags = flags;
        return this;
    }

    /**
     * A transfer policy record.
     *
     * @param strategyName          the transfer strategy's name.
     * @param transferTimeoutMillis how long to wait for an answer to a request, ms.
     * @param retryInitialMillis    first delay before asking every island again, ms.
     * @param retryMaxMillis        longest delay between rounds, ms.
     * @return this.
     */
    public Command setPolicy(final String strategyName, final int transferTimeoutMillis,
        final int retryInitialMillis, final int retryMaxMillis)
    {
        clear();
        this.type = CommandType.SET_POLICY;
        setLoginString(strategyName);
        this.transferTimeoutMillis = transferTimeoutMillis;
        this.retryInitialMillis = retryInitialMillis;
        this.retryMaxMillis = retryMaxMillis;
        return this;
    }

    /**
     * @param productId the line's product.
     * @param quantity  the line's quantity.
     * @return this.
     * @throws IllegalStateException when the order already has {@link #MAX_LINES} lines.
     */
    public Command addLine(final long productId, final int quantity)
    {
        if (lineCount == MAX_LINES)
        {
            throw new IllegalStateException("an order has at most " + MAX_LINES + " lines");
        }
        if (lineCount == lineProductIds.length)
        {
            ensureLineCapacity(lineCount + 1);
        }
        lineProductIds[lineCount] = productId;
        lineQuantities[lineCount] = quantity;
        lineCount++;
        return this;
    }

    /**
     * Grows the line arrays (doubling, at most {@link #MAX_LINES}); a command that once held a large order keeps the
     * room, so a reused ring slot allocates at most a few times in its life.
     */
    private void ensureLineCapacity(final int lines)
    {
        if (lines > lineProductIds.length)
        {
            final int capacity = Math.min(MAX_LINES, Math.max(lines, lineProductIds.length << 1));
            lineProductIds = Arrays.copyOf(lineProductIds, capacity);
            lineQuantities = Arrays.copyOf(lineQuantities, capacity);
        }
    }

    /**
     * @param login   the user.
     * @param orderId the user's order id.
     * @return this.
     */
    public Command cancelOrder(final String login, final long orderId)
    {
        clear();
        this.type = CommandType.CANCEL_ORDER;
        setLoginString(login);
        this.orderId = orderId;
        return this;
    }

    /**
     * Copies another command into this one.
     *
     * @param other the source.
     * @return this.
     */
    public Command copyFrom(final Command other)
    {
        type = other.type;
        login = other.login;
        ensureLoginCapacity(Math.max(0, other.loginLength));
        loginLength = other.loginLength;
        if (loginLength > 0)
        {
            System.arraycopy(other.loginBytes, 0, loginBytes, 0, loginLength);
        }
        orderId = other.orderId;
        productId = other.productId;
        units = other.units;
        ensureLineCapacity(other.lineCount);
        lineCount = other.lineCount;
        timeoutMillis = other.timeoutMillis;
        requestId = other.requestId;
        extra = other.extra;
        flags = other.flags;
        priority = other.priority;
        transferTimeoutMillis = other.transferTimeoutMillis;
        retryInitialMillis = other.retryInitialMillis;
        retryMaxMillis = other.retryMaxMillis;
        holdForMillis = other.holdForMillis;
        when = other.when;
        whenKind = other.whenKind;
        ensurePayloadCapacity(other.payloadLength);
        payloadLength = other.payloadLength;
        System.arraycopy(other.payload, 0, payload, 0, payloadLength);
        System.arraycopy(other.lineProductIds, 0, lineProductIds, 0, lineCount);
        System.arraycopy(other.lineQuantities, 0, lineQuantities, 0, lineCount);
        return this;
    }

    /**
     * Forgets the content, dropping references so a ring slot does not keep a login alive.
     */
    public void clear()
    {
        type = null;
        login = null;
        loginLength = -1;
        orderId = 0;
        productId = 0;
        units = 0;
        lineCount = 0;
        timeoutMillis = 0;
        requestId = 0;
        extra = 0;
        flags = 0;
        priority = NO_PRIORITY;
        transferTimeoutMillis = 0;
        retryInitialMillis = 0;
        retryMaxMillis = 0;
        holdForMillis = 0;
        when = 0;
        whenKind = 0;
        payloadLength = 0;
    }

    /**
     * Checks what can be checked without state: a well-formed login, positive quantities and units, line count.
     *
     * @return {@code null} when valid, otherwise the reason.
     */
    public String validate()
    {
        if (null == type)
        {
            return "no command";
        }
        return switch (type)
        {
            case CREATE_PRODUCT, RESTOCK ->
            {
                if (units <= 0 || units > MAX_UNITS)
                {
                    yield "units must be in [1, " + MAX_UNITS + "], was " + units;
                }
                yield null;
            }
            case PLACE_ORDER, PLACE_HOLD ->
            {
                final String loginProblem = loginProblem();
                if (null != loginProblem)
                {
                    yield loginProblem;
                }
                if (type == CommandType.PLACE_HOLD && (holdForMillis <= 0 || holdForMillis > MAX_AHEAD_MILLIS))
                {
                    yield "holdFor must be in [1, " + MAX_AHEAD_MILLIS + "] ms, was " + holdForMillis;
                }
                if (lineCount == 0)
                {
                    yield "an order needs at least one line";
                }
                if (timeoutMillis < 0)
                {
                    yield "timeout must not be negative, was " + timeoutMillis;
                }
                for (int i = 0; i < lineCount; i++)
                {
                    if (lineQuantities[i] <= 0)
                    {
                        yield "line " + i + ": quantity must be positive, was " + lineQuantities[i];
                    }
                }
                yield null;
            }
            case CANCEL_ORDER, CONFIRM_HOLD, RELEASE_HOLD, CANCEL_SCHEDULE ->
            {
                yield loginProblem();
            }
            case SCHEDULE ->
            {
                final String loginProblem = loginProblem();
                if (null != loginProblem)
                {
                    yield loginProblem;
                }
                if (payloadLength > MAX_PAYLOAD_BYTES)
                {
                    yield "payload of " + payloadLength + " bytes, at most " + MAX_PAYLOAD_BYTES;
                }
                if (whenKind == RecordDescriptor.WHEN_AFTER)
                {
                    yield when < 0 || when > MAX_AHEAD_MILLIS ?
                        "delay must be in [0, " + MAX_AHEAD_MILLIS + "] ms, was " + when : null;
                }
                yield whenKind != RecordDescriptor.WHEN_AT ? "unknown kind of due time " + whenKind :
                    when < 0 ? "due time must not be negative, was " + when : null;
            }
            case TICK ->
            {
                yield null;
            }
            case TRANSFER_REQUEST, TRANSFER_GRANT ->
            {
                yield units > 0 && extra >= 0 ? null : "link message with units " + units + ", extra " + extra;
            }
            case TRANSFER_DENIAL ->
            {
                yield units == 0 && extra >= 0 ? null : "denial with units " + units + ", hint " + extra;
            }
            case SET_POLICY ->
            {
                if (null == login() || login().isEmpty() || transferTimeoutMillis <= 0 || retryInitialMillis <= 0 ||
                    retryMaxMillis < retryInitialMillis)
                {
                    yield "policy " + login + " with timeouts " + transferTimeoutMillis + "/" +
                        retryInitialMillis + "/" + retryMaxMillis;
                }
                yield null;
            }
        };
    }

    /**
     * A login is valid when it is non-empty, at most {@link #MAX_LOGIN_BYTES} in UTF-8, and well-formed UTF-16 (no
     * unpaired surrogate), so that its journaled bytes decode back to the same string.
     *
     * @param login the login to check.
     * @return {@code null} when valid, otherwise the reason.
     */
    public static String validateLogin(final String login)
    {
        if (null == login || login.isEmpty())
        {
            return "login must not be null or empty";
        }
        if (login.length() > MAX_LOGIN_BYTES)
        {
            return "login longer than " + MAX_LOGIN_BYTES + " bytes";
        }
        for (int i = 0; i < login.length(); i++)
        {
            final char c = login.charAt(i);
            if (Character.isHighSurrogate(c))
            {
                if (i + 1 >= login.length() || !Character.isLowSurrogate(login.charAt(i + 1)))
                {
                    return "login is not well-formed UTF-16 (unpaired surrogate at " + i + ")";
                }
                i++;
            }
            else if (Character.isLowSurrogate(c))
            {
                return "login is not well-formed UTF-16 (unpaired surrogate at " + i + ")";
            }
        }
        if (utf8Length(login) > MAX_LOGIN_BYTES)
        {
            return "login longer than " + MAX_LOGIN_BYTES + " bytes in UTF-8";
        }
        return null;
    }

    static int utf8Length(final String s)
    {
        int length = 0;
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c < 0x80)
            {
                length += 1;
            }
            else if (c < 0x800)
            {
                length += 2;
            }
            else if (Character.isHighSurrogate(c))
            {
                length += 4;
                i++;
            }
            else
            {
                length += 3;
            }
        }
        return length;
    }

    Command product(final CommandType type, final long productId, final long units)
    {
        clear();
        this.type = type;
        this.productId = productId;
        this.units = units;
        return this;
    }

    /**
     * Copies a login read from a record; the string is made only if someone asks for it.
     */
    void setLogin(final byte[] bytes, final int offset, final int length)
    {
        ensureLoginCapacity(length);
        System.arraycopy(bytes, offset, loginBytes, 0, length);
        loginLength = length;
        login = null;
    }

    /**
     * Sets the login from a string and encodes it once, here, so the island thread only copies bytes. A login that
     * cannot be encoded (too long, or not well-formed UTF-16) keeps no bytes; {@link #validate()} refuses it.
     */
    private void setLoginString(final String value)
    {
        login = value;
        loginLength = -1;
        if (null != value && value.length() <= MAX_LOGIN_BYTES && wellFormed(value))
        {
            ensureLoginCapacity(value.length() * 3);
            final int length = RecordCodec.putUtf8(loginBytes, 0, value);
            loginLength = length <= MAX_LOGIN_BYTES ? length : -1;
        }
    }

    private static boolean wellFormed(final String value)
    {
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (Character.isSurrogate(c))
            {
                if (!Character.isHighSurrogate(c) || i + 1 >= value.length() ||
                    !Character.isLowSurrogate(value.charAt(i + 1)))
                {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    /**
     * @return why the login is not valid, or {@code null}. A login that has bytes was checked when they were made
     *         (well-formed, at most {@link #MAX_LOGIN_BYTES} bytes) or read from a record (its length checked there),
     *         so only an empty or unencodable one is looked at again.
     */
    private String loginProblem()
    {
        if (loginLength > 0)
        {
            return null;
        }
        return validateLogin(login());
    }

    private void ensureLoginCapacity(final int length)
    {
        if (loginBytes.length < length)
        {
            loginBytes = new byte[Math.max(length, Math.min(MAX_LOGIN_BYTES * 3, loginBytes.length * 2))];
        }
    }

    void setHoldForMillis(final long holdForMillis)
    {
        this.holdForMillis = holdForMillis;
    }

    void setPayload(final byte[] bytes, final int offset, final int length)
    {
        ensurePayloadCapacity(length);
        System.arraycopy(bytes, offset, payload, 0, length);
        payloadLength = length;
    }

    void setWhen(final long when, final int whenKind)
    {
        this.when = when;
        this.whenKind = whenKind;
    }

    void setType(final CommandType type)
    {
        this.type = type;
    }

    void setOrderId(final long orderId)
    {
        this.orderId = orderId;
    }

    void setPolicyFields(final int transferTimeoutMillis, final int retryInitialMillis, final int retryMaxMillis)
    {
        this.transferTimeoutMillis = transferTimeoutMillis;
        this.retryInitialMillis = retryInitialMillis;
        this.retryMaxMillis = retryMaxMillis;
    }

    void setLinkFields(final long requestId, final long extra, final int flags)
    {
        this.requestId = requestId;
        this.extra = extra;
        this.flags = flags;
    }

    void setProduct(final long productId, final long units)
    {
        this.productId = productId;
        this.units = units;
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(64).append(type);
        switch (null == type ? CommandType.CREATE_PRODUCT : type)
        {
            case CREATE_PRODUCT, RESTOCK -> sb.append("{product=").append(productId).append(", units=").append(units);
            case PLACE_ORDER, PLACE_HOLD ->
            {
                sb.append("{login=").append(login()).append(type == CommandType.PLACE_HOLD ? ", hold=" : ", order=").append(orderId).append(", lines=[");
                for (int i = 0; i < lineCount; i++)
                {
                    sb.append(i == 0 ? "" : ", ").append(lineProductIds[i]).append('x').append(lineQuantities[i]);
                }
                sb.append(']');
                if (timeoutMillis != 0)
                {
                    sb.append(", timeout=").append(timeoutMillis);
                }
                if (type == CommandType.PLACE_HOLD)
                {
                    sb.append(", holdFor=").append(holdForMillis);
                }
            }
            case CONFIRM_HOLD, RELEASE_HOLD -> sb.append("{login=").append(login()).append(", hold=").append(orderId);
            case CANCEL_SCHEDULE -> sb.append("{login=").append(login()).append(", key=").append(orderId);
            case SCHEDULE -> sb.append("{login=").append(login()).append(", key=").append(orderId)
                .append(whenKind == RecordDescriptor.WHEN_AFTER ? ", after=" : ", at=").append(when)
                .append(", payload=").append(payloadLength).append(" bytes");
            case CANCEL_ORDER -> sb.append("{login=").append(login()).append(", order=").append(orderId);
            case TRANSFER_REQUEST, TRANSFER_GRANT, TRANSFER_DENIAL -> sb.append("{request=").append(requestId)
                .append(", product=").append(productId).append(", units=").append(units)
                .append(type == CommandType.TRANSFER_REQUEST ? ", extra=" : ", hint=").append(extra)
                .append(", flags=").append(flags).append(priority == NO_PRIORITY ? "" :
                    (type == CommandType.TRANSFER_REQUEST ? ", priority=" : ", sold=") + priority);
            case SET_POLICY -> sb.append("{strategy=").append(login()).append(", transferTimeout=")
                .append(transferTimeoutMillis).append(", retry=").append(retryInitialMillis).append("..")
                .append(retryMaxMillis);
            default -> sb.append('{');
        }
        return sb.append('}').toString();
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof Command other))
        {
            return false;
        }
        return type == other.type && orderId == other.orderId && productId == other.productId &&
            units == other.units && lineCount == other.lineCount && java.util.Objects.equals(login(), other.login()) &&
            timeoutMillis == other.timeoutMillis && requestId == other.requestId && extra == other.extra &&
            flags == other.flags && priority == other.priority && transferTimeoutMillis == other.transferTimeoutMillis &&
            retryInitialMillis == other.retryInitialMillis && retryMaxMillis == other.retryMaxMillis &&
            holdForMillis == other.holdForMillis && when == other.when && whenKind == other.whenKind &&
            Arrays.equals(payload, 0, payloadLength, other.payload, 0, other.payloadLength) &&
            Arrays.equals(lineProductIds, 0, lineCount, other.lineProductIds, 0, lineCount) &&
            Arrays.equals(lineQuantities, 0, lineCount, other.lineQuantities, 0, lineCount);
    }

    @Override
    public int hashCode()
    {
        return java.util.Objects.hash(type, login(), orderId, productId, units, lineCount);
    }
}
