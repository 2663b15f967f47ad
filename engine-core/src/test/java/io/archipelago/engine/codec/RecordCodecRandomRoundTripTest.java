package io.archipelago.engine.codec;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RecordCodecRandomRoundTripTest
{
    private static final int COMMANDS = 10_000;

    static String randomLogin(final Random random)
    {
        final StringBuilder sb = new StringBuilder();
        final int target = 1 + random.nextInt(random.nextInt(8) == 0 ? Command.MAX_LOGIN_BYTES : 24);
        int bytes = 0;
        while (true)
        {
            final int codePoint = switch (random.nextInt(4))
            {
                case 0 -> random.nextInt(0x80);
                case 1 -> 0x80 + random.nextInt(0x800 - 0x80);
                case 2 ->
                {
                    final int c = 0x800 + random.nextInt(0x10000 - 0x800);
                    yield Character.isSurrogate((char)c) ? 'x' : c;
                }
                default -> 0x10000 + random.nextInt(0x110000 - 0x10000);
            };
            final int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > target)
            {
                break;
            }
            sb.appendCodePoint(codePoint);
            bytes += size;
        }
        return sb.length() == 0 ? "u" : sb.toString();
    }

    static String randomName(final Random random)
    {
        final StringBuilder sb = new StringBuilder();
        final int length = 1 + random.nextInt(RecordDescriptor.MAX_STRATEGY_NAME_BYTES / 4);
        for (int i = 0; i < length; i++)
        {
            sb.appendCodePoint(random.nextInt(5) == 0 ? 0x1F300 + random.nextInt(100) : 'a' + random.nextInt(26));
        }
        return sb.toString();
    }

    static Command randomCommand(final Random random, final Command command)
    {
        switch (random.nextInt(8))
        {
            case 0 -> command.createProduct(random.nextLong(), 1 + (random.nextLong() >>> 1) % Command.MAX_UNITS);
            case 1 -> command.restock(random.nextLong(), 1 + random.nextInt(Integer.MAX_VALUE));
            case 2 ->
            {
                command.placeOrder(randomLogin(random), random.nextLong()).timeoutMillis(random.nextInt(100_000));
                final int lines = random.nextInt(10) == 0 ? Command.MAX_LINES : 1 + random.nextInt(6);
                for (int i = 0; i < lines; i++)
                {
                    command.addLine(random.nextLong(), 1 + random.nextInt(Integer.MAX_VALUE));
                }
            }
            case 3 -> command.cancelOrder(randomLogin(random), random.nextLong());
            case 4 -> command.tick();
            case 5 ->
            {
                final boolean request = random.nextBoolean();
                command.link(request ? CommandType.TRANSFER_REQUEST : CommandType.TRANSFER_GRANT,
                    random.nextLong(), random.nextLong(), 1 + (random.nextLong() >>> 1) % Long.MAX_VALUE,
                    random.nextLong() >>> 1, random.nextInt(0x100) & ~Command.FLAG_PRIORITY);
                if (request && random.nextBoolean())
                {
                    command.priority(random.nextBoolean() ? Command.MAX_PRIORITY :
                        (random.nextLong() >>> 1) % (Command.MAX_PRIORITY + 1));
                }
            }
            case 6 -> command.link(CommandType.TRANSFER_DENIAL, random.nextLong(), random.nextLong(), 0,
                random.nextLong() >>> 1, random.nextInt(0x100) & ~Command.FLAG_PRIORITY);
            default ->
            {
                final int initial = 1 + random.nextInt(1_000);
                command.setPolicy(randomName(random), 1 + random.nextInt(10_000), initial,
                    initial + random.nextInt(1_000));
            }
        }
        return command;
    }

    @Test
    void shouldDecodeEveryRandomCommandToItsOriginal()
    {
        final Random random = new Random(0x5eed_c0de_cL);
        final RecordCodec writer = new RecordCodec();
        final RecordCodec reader = new RecordCodec();
        final RecordHeader header = new RecordHeader();
        final Command command = new Command();
        final Command decoded = new Command();

        for (int i = 0; i < COMMANDS; i++)
        {
            randomCommand(random, command);
            assertNull(command.validate(), command::toString);
            final long sequence = 1 + (random.nextLong() >>> 1);
            final long timestamp = random.nextLong();
            final int source = random.nextInt(3) - 2 == 0 ? random.nextInt(65_536) : -1 - random.nextInt(2);
            final long sourceSequence = source >= 0 ? random.nextLong() : 0;

            final int length = writer.encode(command, sequence, timestamp, source, sourceSequence);
            System.arraycopy(writer.bytes(), 0, reader.bytes(), 0, length);
            reader.decode(length, header, decoded);

            final int index = i;
            assertEquals(command, decoded, () -> "command " + index + ": " + command);
            assertEquals(sequence, header.sequence());
            assertEquals(timestamp, header.timestamp());
            assertEquals(source, header.source());
            assertEquals(sourceSequence, header.sourceSequence());
            assertEquals(length, header.length());
            assertEquals(RecordDescriptor.FORMAT_VERSION, header.version());

            final int position = random.nextInt(length);
            reader.bytes()[position] ^= (byte)(1 << random.nextInt(8));
            assertThrows(CorruptRecordException.class, () -> reader.decode(length, header, decoded),
                () -> "flip at " + position + " of command " + index);
        }
    }
}
