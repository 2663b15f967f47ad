package io.archipelago.perf.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A results file as the perf harness writes it: comma separated, a header line first, strings unquoted and numbers
 * in plain decimal. Columns are found by header name, so extra columns are ignored; blank lines are skipped.
 * Malformed input fails with an {@link IOException} naming the file, and the line and column where it applies.
 */
final class Csv
{
    private final Path file;
    private final String[] header;
    private final List<String[]> rows;
    private final int[] lineNumbers;

    private Csv(final Path file, final String[] header, final List<String[]> rows, final int[] lineNumbers)
    {
        this.file = file;
        this.header = header;
        this.rows = rows;
        this.lineNumbers = lineNumbers;
    }

    /**
     * @param file to read.
     * @return its header and rows.
     * @throws IOException if it cannot be read, has no header, or a row's field count differs from the header's.
     */
    static Csv read(final Path file) throws IOException
    {
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String[] header = null;
        final List<String[]> rows = new ArrayList<>(lines.size());
        final int[] lineNumbers = new int[lines.size()];
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i);
            if (line.isBlank())
            {
                continue;
            }
            final String[] fields = split(line);
            if (null == header)
            {
                header = fields;
            }
            else if (fields.length != header.length)
            {
                throw new IOException(file + ":" + (i + 1) + ": " + fields.length + " fields, the header has " +
                    header.length);
            }
            else
            {
                lineNumbers[rows.size()] = i + 1;
                rows.add(fields);
            }
        }
        if (null == header)
        {
            throw new IOException(file + ": empty, no header line");
        }
        return new Csv(file, header, rows, lineNumbers);
    }

    private static String[] split(final String line)
    {
        final String[] fields = line.split(",", -1);
        for (int i = 0; i < fields.length; i++)
        {
            fields[i] = fields[i].trim();
        }
        return fields;
    }

    /**
     * @return the file read.
     */
    Path file()
    {
        return file;
    }

    /**
     * @return number of data rows.
     */
    int rows()
    {
        return rows.size();
    }

    /**
     * @param name header name.
     * @return the column's index.
     * @throws IOException if the header has no such column.
     */
    int column(final String name) throws IOException
    {
        for (int i = 0; i < header.length; i++)
        {
            if (header[i].equals(name))
            {
                return i;
            }
        }
        throw new IOException(file + ": no column '" + name + "' in header " + Arrays.toString(header));
    }

    /**
     * @param row    data row index.
     * @param column from {@link #column(String)}.
     * @return the field as written.
     */
    String text(final int row, final int column)
    {
        return rows.get(row)[column];
    }

    /**
     * @param row    data row index.
     * @param column from {@link #column(String)}.
     * @return the field as a number.
     * @throws IOException if it is not one.
     */
    double number(final int row, final int column) throws IOException
    {
        return parsed(row, column, "a number", Double::parseDouble);
    }

    /**
     * @param row    data row index.
     * @param column from {@link #column(String)}.
     * @return the field as a whole number.
     * @throws IOException if it is not one.
     */
    int integer(final int row, final int column) throws IOException
    {
        return parsed(row, column, "a whole number", Integer::parseInt);
    }

    /**
     * @param row    data row index.
     * @param column from {@link #column(String)}.
     * @return the field as {@code true} or {@code false}.
     * @throws IOException if it is neither.
     */
    boolean bool(final int row, final int column) throws IOException
    {
        final String field = text(row, column);
        if ("true".equals(field))
        {
            return true;
        }
        if ("false".equals(field))
        {
            return false;
        }
        throw malformed(row, column, "true or false", field);
    }

    private <T> T parsed(final int row, final int column, final String expected, final Function<String, T> parser)
        throws IOException
    {
        final String field = text(row, column);
        try
        {
            return parser.apply(field);
        }
        catch (final NumberFormatException ex)
        {
            throw malformed(row, column, expected, field);
        }
    }

    private IOException malformed(final int row, final int column, final String expected, final String field)
    {
        return new IOException(file + ":" + lineNumbers[row] + ": column '" + header[column] + "' should be " +
            expected + ", is '" + field + "'");
    }
}
