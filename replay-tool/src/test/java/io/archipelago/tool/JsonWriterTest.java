package io.archipelago.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonWriterTest
{
    @Test
    void shouldPlaceCommasBetweenMembersAndElementsOnly()
    {
        final String json = new JsonWriter().beginObject()
            .field("a", 1)
            .name("b").beginArray().value(1).value("x").beginObject().endObject().beginArray().endArray().endArray()
            .name("c").beginObject().field("d", true).name("e").nullValue().endObject()
            .endObject().toString();

        assertEquals("{\"a\":1,\"b\":[1,\"x\",{},[]],\"c\":{\"d\":true,\"e\":null}}", json);
    }

    @Test
    void shouldEscapeStringsSoTheyParseBackUnchanged()
    {
        final String nasty = "quote \" backslash \\ slash / newline \n tab \t nul \u0000 bell \u0007 del \u007f " +
            "e-acute \u00e9 euro \u20ac line-separator \u2028 clef \ud834\udd1e";

        final String json = new JsonWriter().beginObject().field(nasty, nasty).endObject().toString();

        assertTrue(json.chars().allMatch(c -> c >= 0x20 && c < 0x7f), json);
        assertEquals(Map.of(nasty, nasty), Json.parse(json));
    }

    @Test
    void shouldWriteNonFiniteNumbersAsNull()
    {
        final String json = new JsonWriter().beginArray()
            .value(Double.NaN, 1).value(Double.POSITIVE_INFINITY, 1).value(2.25, 2).value(1e7, 0)
            .endArray().toString();

        assertEquals("[null,null,2.25,10000000]", json);
        assertEquals(4, ((List<?>)Json.parse(json)).size());
    }

    @Test
    void shouldWriteDecimalsInPlainNotation()
    {
        final String json = new JsonWriter().beginArray()
            .value(BigDecimal.valueOf(0.5)).value(BigDecimal.valueOf(1e-7)).value(BigDecimal.ONE)
            .value((BigDecimal)null).endArray().toString();

        assertEquals("[0.5,0.00000010,1,null]", json);
        assertEquals(Arrays.asList(0.5, 1e-7, 1L, null), Json.parse(json));
    }

    @Test
    void shouldWriteLongsExactly()
    {
        final String json = new JsonWriter().beginArray().value(Long.MIN_VALUE).value(Long.MAX_VALUE).endArray()
            .toString();

        assertEquals(List.of(Long.MIN_VALUE, Long.MAX_VALUE), Json.parse(json));
    }
}
