package io.archipelago.tool.output;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds and writes the JSON documents the commands print, with Jackson's tree model: objects keep their members in
 * the order they were put. A document is written compact, on one line, and as plain ASCII whatever the platform
 * charset: quotes, backslashes and the control characters that have one by their short escapes, every other
 * character outside printable ASCII as a backslash-u escape with four lower-case hex digits. Decimals keep the digits
 * they have and are written in plain notation.
 */
public final class JsonOutput
{
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectWriter WRITER = JsonMapper.builder(new JsonFactoryBuilder()
            .characterEscapes(new AsciiEscapes())
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build())
        .nodeFactory(NODES)
        .build()
        .writer();

    private JsonOutput()
    {
    }

    /**
     * @return a new empty object; objects and arrays put into it are built the same way.
     */
    public static ObjectNode object()
    {
        return NODES.objectNode();
    }

    /**
     * @return a new empty array.
     */
    static ArrayNode array()
    {
        return NODES.arrayNode();
    }

    /**
     * @param value    a number.
     * @param decimals digits after the decimal point.
     * @return the number rounded half-up to {@code decimals} digits, or {@code null} (written as JSON null) when it
     * is not finite, which JSON cannot express.
     */
    public static BigDecimal decimal(final double value, final int decimals)
    {
        return Double.isFinite(value) ? new BigDecimal(String.format(Locale.ROOT, "%." + decimals + "f", value)) : null;
    }

    /**
     * @param document the document.
     * @return it as compact ASCII JSON text on one line.
     */
    public static String write(final JsonNode document)
    {
        try
        {
            return WRITER.writeValueAsString(document);
        }
        catch (final JsonProcessingException ex)
        {
            throw new UncheckedIOException("cannot write JSON", ex);
        }
    }

    /**
     * Escapes DEL and the control characters without a short escape, and everything beyond ASCII, as backslash-u
     * with lower-case hex digits.
     */
    private static final class AsciiEscapes extends CharacterEscapes
    {
        private static final long serialVersionUID = 1L;
        private static final char[] HEX = "0123456789abcdef".toCharArray();

        private final int[] asciiEscapes;

        AsciiEscapes()
        {
            asciiEscapes = CharacterEscapes.standardAsciiEscapesForJSON();
            for (int c = 0; c < 0x20; c++)
            {
                if (asciiEscapes[c] == CharacterEscapes.ESCAPE_STANDARD)
                {
                    asciiEscapes[c] = CharacterEscapes.ESCAPE_CUSTOM;
                }
            }
            asciiEscapes[0x7f] = CharacterEscapes.ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii()
        {
            return asciiEscapes;
        }

        @Override
        public SerializableString getEscapeSequence(final int ch)
        {
            return new SerializedString(new String(new char[]
            {
                '\\', 'u', HEX[(ch >> 12) & 0xf], HEX[(ch >> 8) & 0xf], HEX[(ch >> 4) & 0xf], HEX[ch & 0xf]
            }));
        }
    }
}
