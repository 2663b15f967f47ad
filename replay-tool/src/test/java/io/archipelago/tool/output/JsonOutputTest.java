package io.archipelago.tool.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.archipelago.tool.Json;
import org.junit.jupiter.api.Test;

class JsonOutputTest
{
    @Test
    void shouldWriteCompactJsonInTheOrderMembersWerePut()
    {
        final ObjectNode document = JsonOutput.object().put("a", 1);
        document.putArray("b").add(1).add("x").addObject();
        document.withArray("b").addArray();
        document.putObject("c").put("d", true).putNull("e");

        assertEquals("{\"a\":1,\"b\":[1,\"x\",{},[]],\"c\":{\"d\":true,\"e\":null}}", JsonOutput.write(document));
    }

    @Test
    void shouldEscapeStringsSoTheyParseBackUnchanged()
    {
        final String nasty = "quote \" backslash \\ slash / newline \n tab \t nul \u0000 bell \u0007 del \u007f " +
            "e-acute \u00e9 euro \u20ac line-separator \u2028 clef \ud834\udd1e";

        final String json = JsonOutput.write(JsonOutput.object().put(nasty, nasty));

        assertTrue(json.chars().allMatch(c -> c >= 0x20 && c < 0x7f), json);
        assertEquals(Map.of(nasty, nasty), Json.parse(json));
    }

    @Test
    void shouldEscapeWithShortEscapesOrLowerCaseHexDigits()
    {
        final String json = JsonOutput.write(JsonOutput.array().add("\n\u001f\u007f\u00e9\u20ac\ud834\udd1e\"\\/"));

        assertEquals("[\"\\n\\u001f\\u007f\\u00e9\\u20ac\\ud834\\udd1e\\\"\\\\/\"]", json);
    }

    @Test
    void shouldWriteNonFiniteNumbersAsNull()
    {
        final String json = JsonOutput.write(JsonOutput.array()
            .add(JsonOutput.decimal(Double.NaN, 1)).add(JsonOutput.decimal(Double.POSITIVE_INFINITY, 1))
            .add(JsonOutput.decimal(2.25, 2)).add(JsonOutput.decimal(1e7, 0)));

        assertEquals("[null,null,2.25,10000000]", json);
        assertEquals(4, ((List<?>)Json.parse(json)).size());
    }

    @Test
    void shouldWriteDecimalsInPlainNotation()
    {
        final String json = JsonOutput.write(JsonOutput.array()
            .add(BigDecimal.valueOf(0.5)).add(BigDecimal.valueOf(1e-7)).add(BigDecimal.ONE).add((BigDecimal)null));

        assertEquals("[0.5,0.00000010,1,null]", json);
        assertEquals(Arrays.asList(0.5, 1e-7, 1L, null), Json.parse(json));
    }

    @Test
    void shouldWriteLongsExactly()
    {
        final String json = JsonOutput.write(JsonOutput.array().add(Long.MIN_VALUE).add(Long.MAX_VALUE));

        assertEquals(List.of(Long.MIN_VALUE, Long.MAX_VALUE), Json.parse(json));
    }
}
