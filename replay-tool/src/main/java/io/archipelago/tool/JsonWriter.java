package io.archipelago.tool;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Writes one compact JSON document. Strings are escaped so the output is plain ASCII whatever the platform charset:
 * quotes, backslashes and control characters by their short escapes, everything outside printable ASCII as a
 * backslash-u escape with four hex digits. Non-finite numbers, which JSON cannot express, are written as
 * {@code null}.
 * <p>
 * The caller keeps the structure right (a {@link #name} before each value inside an object); the writer places the
 * commas.
 */
final class JsonWriter
{
    private static final int MAX_DEPTH = 64;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder json = new StringBuilder(1024);
    private final boolean[] hasElements = new boolean[MAX_DEPTH];
    private int depth;
    private boolean afterName;

    JsonWriter beginObject()
    {
        return open('{');
    }

    JsonWriter endObject()
    {
        return close('}');
    }

    JsonWriter beginArray()
    {
        return open('[');
    }

    JsonWriter endArray()
    {
        return close(']');
    }

    /**
     * @param name the member name of the value that follows.
     * @return this.
     */
    JsonWriter name(final String name)
    {
        separate();
        string(name);
        json.append(':');
        afterName = true;
        return this;
    }

    JsonWriter value(final String value)
    {
        separate();
        if (null == value)
        {
            json.append("null");
        }
        else
        {
            string(value);
        }
        return this;
    }

    JsonWriter value(final long value)
    {
        separate();
        json.append(value);
        return this;
    }

    JsonWriter value(final boolean value)
    {
        separate();
        json.append(value);
        return this;
    }

    /**
     * @param value    a number.
     * @param decimals digits after the decimal point.
     * @return this.
     */
    JsonWriter value(final double value, final int decimals)
    {
        separate();
        if (Double.isFinite(value))
        {
            json.append(String.format(Locale.ROOT, "%." + decimals + "f", value));
        }
        else
        {
            json.append("null");
        }
        return this;
    }

    /**
     * @param value an exact decimal, written in plain notation with the digits it has; {@code null} as null.
     * @return this.
     */
    JsonWriter value(final BigDecimal value)
    {
        separate();
        json.append(null == value ? "null" : value.toPlainString());
        return this;
    }

    JsonWriter nullValue()
    {
        separate();
        json.append("null");
        return this;
    }

    /**
     * @param name  a member name.
     * @param value its value.
     * @return this.
     */
    JsonWriter field(final String name, final long value)
    {
        return name(name).value(value);
    }

    JsonWriter field(final String name, final boolean value)
    {
        return name(name).value(value);
    }

    JsonWriter field(final String name, final String value)
    {
        return name(name).value(value);
    }

    JsonWriter field(final String name, final double value, final int decimals)
    {
        return name(name).value(value, decimals);
    }

    JsonWriter field(final String name, final BigDecimal value)
    {
        return name(name).value(value);
    }

    @Override
    public String toString()
    {
        return json.toString();
    }

    private JsonWriter open(final char bracket)
    {
        separate();
        if (depth + 1 >= MAX_DEPTH)
        {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        json.append(bracket);
        hasElements[++depth] = false;
        return this;
    }

    private JsonWriter close(final char bracket)
    {
        if (depth == 0)
        {
            throw new IllegalStateException("no open object or array to close");
        }
        depth--;
        json.append(bracket);
        return this;
    }

    private void separate()
    {
        if (afterName)
        {
            afterName = false;
            return;
        }
        if (depth > 0)
        {
            if (hasElements[depth])
            {
                json.append(',');
            }
            hasElements[depth] = true;
        }
    }

    private void string(final String value)
    {
        json.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default ->
                {
                    if (c < 0x20 || c > 0x7e)
                    {
                        json.append("\\u")
                            .append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                            .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    }
                    else
                    {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
