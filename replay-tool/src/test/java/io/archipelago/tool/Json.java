package io.archipelago.tool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads the JSON the commands print, strictly, with Jackson: the whole text must be exactly one value (whitespace
 * around it allowed). Objects become {@link LinkedHashMap}s (a repeated name is an error), arrays {@link ArrayList}s,
 * integers {@link Long}, other numbers {@link Double}, and {@code null} is {@code null}.
 */
public final class Json
{
    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.USE_LONG_FOR_INTS)
        .build();

    private Json()
    {
    }

    public static Object parse(final String text)
    {
        try
        {
            return MAPPER.readValue(text, Object.class);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalArgumentException("not one JSON value: " + ex.getOriginalMessage() + ": " + text, ex);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(final String text)
    {
        final Object value = parse(text);
        if (!(value instanceof Map))
        {
            throw new IllegalArgumentException("not a JSON object: " + text);
        }
        return (Map<String, Object>)value;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(final Map<String, Object> parent, final String name)
    {
        return (Map<String, Object>)require(parent, name, Map.class);
    }

    public static List<?> array(final Map<String, Object> parent, final String name)
    {
        return require(parent, name, List.class);
    }

    public static long number(final Map<String, Object> parent, final String name)
    {
        return require(parent, name, Long.class);
    }

    public static double decimal(final Map<String, Object> parent, final String name)
    {
        return require(parent, name, Number.class).doubleValue();
    }

    public static boolean bool(final Map<String, Object> parent, final String name)
    {
        return require(parent, name, Boolean.class);
    }

    public static String string(final Map<String, Object> parent, final String name)
    {
        return require(parent, name, String.class);
    }

    private static <T> T require(final Map<String, Object> parent, final String name, final Class<T> type)
    {
        if (!parent.containsKey(name))
        {
            throw new AssertionError("missing \"" + name + "\" in " + parent.keySet());
        }
        final Object value = parent.get(name);
        if (!type.isInstance(value))
        {
            throw new AssertionError("\"" + name + "\" is " + value + ", not a " + type.getSimpleName());
        }
        return type.cast(value);
}
}
