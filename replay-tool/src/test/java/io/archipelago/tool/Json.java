package io.archipelago.tool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON parser for tests: the whole text must be exactly one value (whitespace around it allowed). Objects
 * become {@link LinkedHashMap}s (a repeated name is an error), arrays {@link ArrayList}s, integers {@link Long},
 * other numbers {@link Double}, and {@code null} is {@code null}.
 */
final class Json
{
    private final String text;
    private int position;

    private Json(final String text)
    {
        this.text = text;
    }

    static Object parse(final String text)
    {
        final Json parser = new Json(text);
        parser.skipWhitespace();
        final Object value = parser.value();
        parser.skipWhitespace();
        if (parser.position != text.length())
        {
            throw parser.error("text after the JSON value");
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(final String text)
    {
        final Object value = parse(text);
        if (!(value instanceof Map))
        {
            throw new IllegalArgumentException("not a JSON object: " + text);
        }
        return (Map<String, Object>)value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(final Map<String, Object> parent, final String name)
    {
        return (Map<String, Object>)require(parent, name, Map.class);
    }

    static List<?> array(final Map<String, Object> parent, final String name)
    {
        return require(parent, name, List.class);
    }

    static long number(final Map<String, Object> parent, final String name)
    {
        return require(parent, name, Long.class);
    }

    static double decimal(final Map<String, Object> parent, final String name)
    {
        return require(parent, name, Number.class).doubleValue();
    }

    static boolean bool(final Map<String, Object> parent, final String name)
    {
        return require(parent, name, Boolean.class);
    }

    static String string(final Map<String, Object> parent, final String name)
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

    private Object value()
    {
        if (position >= text.length())
        {
            throw error("unexpected end");
        }
        final char c = text.charAt(position);
        return switch (c)
        {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default ->
            {
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    yield number();
                }
                throw error("unexpected '" + c + "'");
            }
        };
    }

    private Map<String, Object> object()
    {
        final Map<String, Object> members = new LinkedHashMap<>();
        expect('{');
        skipWhitespace();
        if (peek() == '}')
        {
            position++;
            return members;
        }
        while (true)
        {
            skipWhitespace();
            if (peek() != '"')
            {
                throw error("expected a member name");
            }
            final String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            if (members.containsKey(name))
            {
                throw error("repeated member \"" + name + "\"");
            }
            members.put(name, value());
            skipWhitespace();
            if (peek() == ',')
            {
                position++;
                continue;
            }
            expect('}');
            return members;
        }
    }

    private List<Object> array()
    {
        final List<Object> elements = new ArrayList<>();
        expect('[');
        skipWhitespace();
        if (peek() == ']')
        {
            position++;
            return elements;
        }
        while (true)
        {
            skipWhitespace();
            elements.add(value());
            skipWhitespace();
            if (peek() == ',')
            {
                position++;
                continue;
            }
            expect(']');
            return elements;
        }
    }

    private String string()
    {
        expect('"');
        final StringBuilder value = new StringBuilder();
        while (true)
        {
            if (position >= text.length())
            {
                throw error("unterminated string");
            }
            final char c = text.charAt(position++);
            if (c == '"')
            {
                return value.toString();
            }
            if (c < 0x20)
            {
                throw error("unescaped control character in a string");
            }
            if (c != '\\')
            {
                value.append(c);
                continue;
            }
            final char escape = text.charAt(position++);
            switch (escape)
            {
                case '"', '\\', '/' -> value.append(escape);
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' ->
                {
                    value.append((char)Integer.parseInt(text.substring(position, position + 4), 16));
                    position += 4;
                }
                default -> throw error("bad escape \\" + escape);
            }
        }
    }

    private Object number()
    {
        final int start = position;
        if (peek() == '-')
        {
            position++;
        }
        digits();
        boolean integer = true;
        if (peek() == '.')
        {
            integer = false;
            position++;
            digits();
        }
        if (peek() == 'e' || peek() == 'E')
        {
            integer = false;
            position++;
            if (peek() == '+' || peek() == '-')
            {
                position++;
            }
            digits();
        }
        final String number = text.substring(start, position);
        return integer ? (Object)Long.parseLong(number) : (Object)Double.parseDouble(number);
    }

    private void digits()
    {
        final int start = position;
        while (position < text.length() && Character.isDigit(text.charAt(position)))
        {
            position++;
        }
        if (start == position)
        {
            throw error("expected a digit");
        }
    }

    private Object literal(final String word, final Object value)
    {
        if (!text.startsWith(word, position))
        {
            throw error("expected " + word);
        }
        position += word.length();
        return value;
    }

    private char peek()
    {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private void expect(final char c)
    {
        if (peek() != c)
        {
            throw error("expected '" + c + "'");
        }
        position++;
    }

    private void skipWhitespace()
    {
        while (position < text.length() && " \t\r\n".indexOf(text.charAt(position)) >= 0)
        {
            position++;
        }
    }

    private IllegalArgumentException error(final String problem)
    {
        return new IllegalArgumentException(problem + " at offset " + position + " of: " + text);
    }
}
