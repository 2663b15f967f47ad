package io.archipelago.engine.codec;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class RecordCodecTest
{
    private static final long SEQUENCE = 123_456_789_012L;
    private static final long TIMESTAMP = 1_731_000_000_123L;

    private final RecordCodec writer = new RecordCodec();
    private final RecordCodec reader = new RecordCodec();
    private final RecordHeader header = new RecordHeader();
    private final Command decoded = new Command();

    static Command sample(final CommandType type)
    {
        final Command command = new Command();
        switch (type)
        {
            case CREATE_PRODUCT -> command.createProduct(-42, Command.MAX_UNITS);
            case RESTOCK -> command.restock(Long.MIN_VALUE, 1);
            case PLACE_ORDER -> command.placeOrder("alice", -9).addLine(7, 3).addLine(Long.MAX_VALUE, Integer.MAX_VALUE)
                .timeoutMillis(1_500);
            case CANCEL_ORDER -> command.cancelOrder("bob", Long.MAX_VALUE);
            case TICK -> command.tick();
            case TRANSFER_REQUEST -> command.link(type, 17, -3, 40, 40, 0).priority(Command.MAX_PRIORITY);
            case TRANSFER_GRANT -> command.link(type, Long.MAX_VALUE, 8, Long.MAX_VALUE, 0, Command.FLAG_MAY_FREE_UP);
            case TRANSFER_DENIAL -> command.link(type, 1, Long.MIN_VALUE, 0, 12, 0xFF & ~Command.FLAG_PRIORITY);
            case SET_POLICY -> command.setPolicy("hinted", 250, 2, 100);
            case PLACE_HOLD -> command.placeHold("carol", 11, Command.MAX_AHEAD_MILLIS).addLine(7, 2)
                .addLine(-1, 1).timeoutMillis(900);
            case CONFIRM_HOLD -> command.confirmHold("dave", -11);
            case RELEASE_HOLD -> command.releaseHold("\u00e9mile", 0);
            case SCHEDULE -> command.schedule("erin", Long.MIN_VALUE, Long.MAX_VALUE, RecordDescriptor.WHEN_AT,
                new byte[] {1, 2, 3, (byte)0xFF}, 0, 4);
            case CANCEL_SCHEDULE -> command.cancelSchedule("frank", 99);
            default -> throw new AssertionError("no sample command of type " + type);
        }
        assertEquals(null, command.validate(), command::toString);
        return command;
    }

    private int encode(final Command command)
    {
        return writer.encode(command, SEQUENCE, TIMESTAMP, RecordDescriptor.SOURCE_CLIENT, 0);
    }

    private void copyToReader(final int length)
    {
        System.arraycopy(writer.bytes(), 0, reader.bytes(), 0, length);
    }

    private Command roundTrip(final Command command, final long sequence, final long timestamp, final int source,
        final long sourceSequence)
    {
        final int length = writer.encode(command, sequence, timestamp, source, sourceSequence);
        copyToReader(length);
        reader.decode(length, header, decoded);
        assertEquals(sequence, header.sequence());
        assertEquals(timestamp, header.timestamp());
        assertEquals(source, header.source());
        assertEquals(sourceSequence, header.sourceSequence());
        assertEquals(RecordDescriptor.FORMAT_VERSION, header.version());
        assertEquals(command.type().code(), header.type());
        assertEquals(length, header.length());
        assertEquals(command, decoded);
        return decoded;
    }

    @ParameterizedTest
    @EnumSource(CommandType.class)
    void shouldDecodeWhatWasEncodedForEveryCommandType(final CommandType type)
    {
        final Command command = sample(type);

        final Command result = roundTrip(command, SEQUENCE, TIMESTAMP, RecordDescriptor.SOURCE_CLIENT, 0);

        assertEquals(type, result.type());
        assertEquals(command.productId(), result.productId());
        assertEquals(command.units(), result.units());
        assertEquals(command.login(), result.login());
        assertEquals(command.orderId(), result.orderId());
        assertEquals(command.lineCount(), result.lineCount());
        for (int i = 0; i < command.lineCount(); i++)
        {
            assertEquals(command.lineProductId(i), result.lineProductId(i));
            assertEquals(command.lineQuantity(i), result.lineQuantity(i));
        }
    }

    @ParameterizedTest
    @EnumSource(CommandType.class)
    void shouldKeepHeaderFieldsForTimerAndIslandSources(final CommandType type)
    {
        roundTrip(sample(type), 1, 0, RecordDescriptor.SOURCE_TIMER, 0);
        roundTrip(sample(type), Long.MAX_VALUE, Long.MAX_VALUE, 65_535, Long.MAX_VALUE);
        roundTrip(sample(type), 2, -1, 0, 1);
    }

    @Test
    void shouldRoundTripLinkMessagesWithEveryField()
    {
        for (final CommandType type : new CommandType[] {CommandType.TRANSFER_REQUEST, CommandType.TRANSFER_GRANT,
            CommandType.TRANSFER_DENIAL})
        {
            final Command command = sample(type);

            roundTrip(command, 77, TIMESTAMP, 5, 1_234);

            assertEquals(command.requestId(), decoded.requestId());
            assertEquals(command.productId(), decoded.productId());
            assertEquals(command.units(), decoded.units());
            assertEquals(command.extra(), decoded.extra());
            assertEquals(command.flags(), decoded.flags());
            assertEquals(command.priority(), decoded.priority());
            assertEquals(RecordDescriptor.HEADER_LENGTH + RecordDescriptor.LINK_PAYLOAD_LENGTH, header.length());
        }
    }

    @Test
    void shouldRoundTripPolicyWithUnicodeNameOfMaximumLength()
    {
        final String name = "\u00e9".repeat(RecordDescriptor.MAX_STRATEGY_NAME_BYTES / 2);
        final Command command = new Command().setPolicy(name, 1, 1, Integer.MAX_VALUE);

        roundTrip(command, 1, 1, RecordDescriptor.SOURCE_CLIENT, 0);

        assertEquals(name, decoded.strategyName());
        assertEquals(1, decoded.transferTimeoutMillis());
        assertEquals(1, decoded.retryInitialMillis());
        assertEquals(Integer.MAX_VALUE, decoded.retryMaxMillis());
    }

    @Test
    void shouldRefuseToEncodePolicyNameLongerThanMaximum()
    {
        final Command command = new Command().setPolicy("n".repeat(RecordDescriptor.MAX_STRATEGY_NAME_BYTES + 1), 1,
            1, 1);

        assertThrows(IllegalArgumentException.class, () -> encode(command));
    }

    @Test
    void shouldRoundTripOrderTimeout()
    {
        for (final int timeout : new int[] {0, 1, 2_000, Integer.MAX_VALUE})
        {
            roundTrip(new Command().placeOrder("t", 1).addLine(1, 1).timeoutMillis(timeout), 1, 1,
                RecordDescriptor.SOURCE_CLIENT, 0);
            assertEquals(timeout, decoded.timeoutMillis());
        }
    }

    @Test
    void shouldEncodeTickAsHeaderOnly()
    {
        final int length = writer.encode(new Command().tick(), 4, TIMESTAMP, RecordDescriptor.SOURCE_TIMER, 0);

        assertEquals(RecordDescriptor.HEADER_LENGTH, length);
    }

    @Test
    void shouldDetectLinkRecordWhosePayloadKindDisagreesWithItsTypeEvenWithValidChecksum()
    {
        final int length = encode(sample(CommandType.TRANSFER_GRANT));
        writer.buffer().putShort(RecordDescriptor.HEADER_LENGTH, CommandType.TRANSFER_DENIAL.code(),
            ByteOrder.LITTLE_ENDIAN);
        reseal(writer.bytes(), length);
        copyToReader(length);

        assertThrows(CorruptRecordException.class, () -> reader.decode(length, header, decoded));
    }

    @Test
    void shouldDecodeProductRecordOfFixedLength()
    {
        final int length = encode(new Command().createProduct(1, 2));

        assertEquals(RecordDescriptor.HEADER_LENGTH + RecordDescriptor.PRODUCT_PAYLOAD_LENGTH, length);
    }

    @Test
    void shouldRoundTripOrderWithMaximumLines()
    {
        final Command command = new Command().placeOrder("max-lines", 77);
        for (int i = 0; i < Command.MAX_LINES; i++)
        {
            command.addLine(1_000L * i - 5, i + 1);
        }

        roundTrip(command, 3, TIMESTAMP, RecordDescriptor.SOURCE_CLIENT, 0);

        assertEquals(Command.MAX_LINES, decoded.lineCount());
        assertEquals(1_000L * (Command.MAX_LINES - 1) - 5, decoded.lineProductId(Command.MAX_LINES - 1));
        assertEquals(Command.MAX_LINES, decoded.lineQuantity(Command.MAX_LINES - 1));
    }

    @Test
    void shouldCopyAnOrderWithEveryLineIntoASmallCommandAndBackIntoAReusedOne()
    {
        final Command large = new Command().placeOrder("copy", 9);
        for (int i = 0; i < Command.MAX_LINES; i++)
        {
            large.addLine(10L + i, 100 + i);
        }
        final Command slot = new Command().placeOrder("small", 1).addLine(5, 5);

        slot.copyFrom(large);
        assertEquals(large, slot);
        assertEquals(Command.MAX_LINES, slot.lineCount());
        assertEquals(10L + Command.MAX_LINES - 1, slot.lineProductId(Command.MAX_LINES - 1));
        assertEquals(100 + Command.MAX_LINES - 1, slot.lineQuantity(Command.MAX_LINES - 1));

        slot.copyFrom(new Command().placeOrder("small-again", 2).addLine(7, 3));
        assertEquals(1, slot.lineCount());
        assertEquals(7, slot.lineProductId(0));
        assertThrows(IllegalStateException.class, () -> large.addLine(1, 1), "65th line refused");
    }

    @Test
    void shouldRoundTripLargestRecordWithMaximumLinesAndLongestLogin()
    {
        final String login = "L".repeat(Command.MAX_LOGIN_BYTES);
        final Command command = new Command().placeHold(login, 1, 1);
        for (int i = 0; i < Command.MAX_LINES; i++)
        {
            command.addLine(i, 1);
        }
        final int length = encode(command);

        assertEquals(RecordDescriptor.MAX_RECORD_LENGTH, length);
        roundTrip(command, 1, 1, RecordDescriptor.SOURCE_CLIENT, 0);
        assertEquals(login, decoded.login());
    }

    @ParameterizedTest
    @ValueSource(strings = {"zo\u00eb", "\u7528\u6237", "\uD83D\uDE00", "a\uD83C\uDF89b\u00e9\u4e2d", "\u0000nul",
        "x"})
    void shouldRoundTripUnicodeLoginsInOrdersAndCancellations(final String login)
    {
        assertEquals(null, Command.validateLogin(login));

        roundTrip(new Command().placeOrder(login, 5).addLine(1, 1), 1, 1, RecordDescriptor.SOURCE_CLIENT, 0);
        assertEquals(login, decoded.login());
        roundTrip(new Command().cancelOrder(login, 5), 2, 2, RecordDescriptor.SOURCE_CLIENT, 0);
        assertEquals(login, decoded.login());
    }

    @Test
    void shouldEncodeLoginAsStandardUtf8()
    {
        final String login = "zo\u00eb-\u7528-\uD83D\uDE00";
        final int length = encode(new Command().cancelOrder(login, 1));
        final byte[] expected = login.getBytes(StandardCharsets.UTF_8);
        final int loginOffset = RecordDescriptor.HEADER_LENGTH + RecordDescriptor.CANCEL_ORDER_FIXED_LENGTH;

        assertEquals(loginOffset + expected.length, length);
        for (int i = 0; i < expected.length; i++)
        {
            assertEquals(expected[i], writer.bytes()[loginOffset + i], "byte " + i);
        }
    }

    @Test
    void shouldRoundTripLoginOfExactlyMaximumUtf8Bytes()
    {
        final List<String> logins = List.of(
            "a".repeat(Command.MAX_LOGIN_BYTES),
            "\uD83D\uDE00".repeat(Command.MAX_LOGIN_BYTES / 4),
            "\u7528".repeat(85) + "a",
            "\u00eb".repeat(Command.MAX_LOGIN_BYTES / 2));
        for (final String login : logins)
        {
            assertEquals(Command.MAX_LOGIN_BYTES, login.getBytes(StandardCharsets.UTF_8).length);
            assertEquals(null, Command.validateLogin(login));
            roundTrip(new Command().placeOrder(login, 1).addLine(1, 1), 1, 1, RecordDescriptor.SOURCE_CLIENT, 0);
            roundTrip(new Command().cancelOrder(login, 1), 1, 1, RecordDescriptor.SOURCE_CLIENT, 0);
        }
    }

    @ParameterizedTest
    @EnumSource(CommandType.class)
    void shouldDetectEveryFlippedBitOfEveryRecordType(final CommandType type)
    {
        final int length = encode(sample(type));
        copyToReader(length);
        reader.decode(length, header, decoded);

        for (int position = 0; position < length; position++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                copyToReader(length);
                reader.bytes()[position] ^= (byte)(1 << bit);
                final int at = position;
                final int which = bit;
                assertThrows(CorruptRecordException.class, () -> reader.decode(length, header, decoded),
                    () -> type + ": flipped bit " + which + " of byte " + at + " was not detected");
            }
        }
    }

    @Test
    void shouldDetectEveryFlippedByteOfLargestRecord()
    {
        final Command command = new Command().placeOrder("\u7528".repeat(85), 1);
        for (int i = 0; i < Command.MAX_LINES; i++)
        {
            command.addLine(i, i + 1);
        }
        final int length = encode(command);

        for (int position = 0; position < length; position++)
        {
            copyToReader(length);
            reader.bytes()[position] = (byte)~reader.bytes()[position];
            final int at = position;
            assertThrows(CorruptRecordException.class, () -> reader.decode(length, header, decoded),
                () -> "inverted byte " + at + " was not detected");
        }
    }

    @ParameterizedTest
    @EnumSource(CommandType.class)
    void shouldDetectTruncatedOrExtendedLength(final CommandType type)
    {
        final int length = encode(sample(type));
        copyToReader(length);

        for (int shorter = RecordDescriptor.HEADER_LENGTH - 2; shorter < length; shorter++)
        {
            final int truncated = shorter;
            assertThrows(CorruptRecordException.class, () -> reader.decode(truncated, header, decoded),
                () -> "length " + truncated + " of " + length);
        }
        assertThrows(CorruptRecordException.class, () -> reader.decode(length + 1, header, decoded));
        assertThrows(CorruptRecordException.class, () -> reader.decode(0, header, decoded));
        assertThrows(CorruptRecordException.class, () -> reader.decode(-1, header, decoded));
        assertThrows(CorruptRecordException.class,
            () -> reader.decode(RecordDescriptor.MAX_RECORD_LENGTH + 1, header, decoded));
    }

    @Test
    void shouldDetectUnknownTypeCodeEvenWithValidChecksum()
    {
        for (final int code : new int[] {0, 15, 16, 999, -1, Short.MAX_VALUE})
        {
            final int length = encode(sample(CommandType.CREATE_PRODUCT));
            writer.buffer().putShort(RecordDescriptor.TYPE_OFFSET, (short)code, ByteOrder.LITTLE_ENDIAN);
            reseal(writer.bytes(), length);
            copyToReader(length);

            final CorruptRecordException ex = assertThrows(CorruptRecordException.class,
                () -> reader.decode(length, header, decoded));
            assertTrue(ex.getMessage().contains("type"), ex.getMessage());
        }
    }

    @Test
    void shouldDetectUnreadableFormatVersionEvenWithValidChecksum()
    {
        for (final int version : new int[] {0, RecordDescriptor.FORMAT_VERSION + 1})
        {
            final int length = encode(sample(CommandType.PLACE_ORDER));
            writer.buffer().putShort(RecordDescriptor.VERSION_OFFSET, (short)version, ByteOrder.LITTLE_ENDIAN);
            reseal(writer.bytes(), length);
            copyToReader(length);

            final CorruptRecordException ex = assertThrows(CorruptRecordException.class,
                () -> reader.decode(length, header, decoded));
            assertTrue(ex.getMessage().contains("version"), ex.getMessage());
        }
    }

    @Test
    void shouldDetectLengthFieldThatDisagreesWithJournalEvenWithValidChecksum()
    {
        final int length = encode(sample(CommandType.CANCEL_ORDER));
        writer.buffer().putInt(RecordDescriptor.LENGTH_OFFSET, length + 4, ByteOrder.LITTLE_ENDIAN);
        reseal(writer.bytes(), length);
        copyToReader(length);

        assertThrows(CorruptRecordException.class, () -> reader.decode(length, header, decoded));
    }

    @Test
    void shouldDetectImpossibleLineCountEvenWithValidChecksum()
    {
        final int length = encode(sample(CommandType.PLACE_ORDER));
        writer.buffer().putShort(RecordDescriptor.HEADER_LENGTH + 8, (short)(Command.MAX_LINES + 1),
            ByteOrder.LITTLE_ENDIAN);
        reseal(writer.bytes(), length);
        copyToReader(length);

        assertThrows(CorruptRecordException.class, () -> reader.decode(length, header, decoded));
    }

    @Test
    void shouldDetectLoginLengthThatOverrunsRecordEvenWithValidChecksum()
    {
        final int length = encode(sample(CommandType.CANCEL_ORDER));
        writer.buffer().putShort(RecordDescriptor.HEADER_LENGTH + 8, (short)200, ByteOrder.LITTLE_ENDIAN);
        reseal(writer.bytes(), length);
        copyToReader(length);

        assertThrows(CorruptRecordException.class, () -> reader.decode(length, header, decoded));
    }

    @Test
    void shouldDetectProductRecordWithExtraPayloadEvenWithValidChecksum()
    {
        final int length = encode(sample(CommandType.RESTOCK)) + 8;
        writer.buffer().putInt(RecordDescriptor.LENGTH_OFFSET, length, ByteOrder.LITTLE_ENDIAN);
        reseal(writer.bytes(), length);
        copyToReader(length);

        assertThrows(CorruptRecordException.class, () -> reader.decode(length, header, decoded));
    }

    @Test
    void shouldDecodeHeaderAloneWithoutThePayload()
    {
        final int length = writer.encode(sample(CommandType.PLACE_ORDER), 9, 10, 3, 11);
        copyToReader(length);

        reader.decodeHeader(length, header);

        assertEquals(9, header.sequence());
        assertEquals(10, header.timestamp());
        assertEquals(3, header.source());
        assertEquals(11, header.sourceSequence());
        assertEquals(CommandType.PLACE_ORDER, CommandType.ofCode(header.type()));
        assertTrue(header.toString().contains("seq=9"), header.toString());
    }

    @Test
    void shouldReuseDecodedCommandWithoutLeakingEarlierLines()
    {
        final Command big = new Command().placeOrder("first", 1).addLine(1, 1).addLine(2, 2).addLine(3, 3);
        roundTrip(big, 1, 1, RecordDescriptor.SOURCE_CLIENT, 0);

        roundTrip(new Command().placeOrder("second", 2).addLine(9, 9), 2, 2, RecordDescriptor.SOURCE_CLIENT, 0);

        assertEquals(1, decoded.lineCount());
        roundTrip(new Command().createProduct(5, 6), 3, 3, RecordDescriptor.SOURCE_CLIENT, 0);
        assertEquals(0, decoded.lineCount());
        assertEquals(null, decoded.login());
    }

    @Test
    void shouldMapEveryCommandTypeCodeBackToItsType()
    {
        for (final CommandType type : CommandType.values())
        {
            assertEquals(type, CommandType.ofCode(type.code()));
        }
        assertEquals(null, CommandType.ofCode(0));
        assertEquals(null, CommandType.ofCode(15));
        assertEquals(null, CommandType.ofCode(-1));
        assertEquals(null, CommandType.ofCode(1 << 20));
    }

    @Test
    void shouldRejectLineBeyondMaximumLines()
    {
        final Command command = new Command().placeOrder("alice", 1);
        for (int i = 0; i < Command.MAX_LINES; i++)
        {
            command.addLine(i, 1);
        }

        assertThrows(IllegalStateException.class, () -> command.addLine(99, 1));
        assertEquals(Command.MAX_LINES, command.lineCount());
        if (null != command.validate())
        {
            fail("an order of exactly MAX_LINES lines is valid: " + command.validate());
        }
    }

    private static void reseal(final byte[] bytes, final int length)
    {
        final CRC32C crc = new CRC32C();
        crc.update(bytes, RecordDescriptor.VERSION_OFFSET, length - RecordDescriptor.VERSION_OFFSET);
        final int value = (int)crc.getValue();
        bytes[RecordDescriptor.CHECKSUM_OFFSET] = (byte)value;
        bytes[RecordDescriptor.CHECKSUM_OFFSET + 1] = (byte)(value >>> 8);
        bytes[RecordDescriptor.CHECKSUM_OFFSET + 2] = (byte)(value >>> 16);
        bytes[RecordDescriptor.CHECKSUM_OFFSET + 3] = (byte)(value >>> 24);
    }
}
