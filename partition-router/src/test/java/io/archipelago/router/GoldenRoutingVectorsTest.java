package io.archipelago.router;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Asserts every row of the frozen {@code golden-routing.tsv}; see {@link GoldenRoutingTable} for how it was made.
 */
class GoldenRoutingVectorsTest
{
    private static final String RESOURCE = "/golden-routing.tsv";

    @Test
    void shouldRouteEveryGoldenLoginToItsFrozenIsland() throws IOException
    {
        final List<String[]> rows = readRows();
        final Map<Integer, PartitionRouter> routers = new HashMap<>();
        final List<String> mismatches = new ArrayList<>();

        for (final String[] row : rows)
        {
            final String login = row[0];
            final int partitions = Integer.parseInt(row[1]);
            final int island = Integer.parseInt(row[2]);
            final int actual = routers.computeIfAbsent(partitions, PartitionRouter::new).partitionOf(login);
            if (actual != island)
            {
                mismatches.add("'" + login + "' with partitions=" + partitions +
                    ": expected island " + island + " but was " + actual);
            }
        }

        assertTrue(mismatches.isEmpty(), mismatches.size() + " of " + rows.size() + " golden routings changed:\n" +
            String.join("\n", mismatches));
    }

    @Test
    void shouldCoverEveryLoginForEveryGoldenPartitionCount() throws IOException
    {
        final List<String[]> rows = readRows();
        final Set<String> logins = new HashSet<>();
        final Set<String> pairs = new HashSet<>();
        final Map<Integer, Integer> rowsPerPartitionCount = new HashMap<>();

        for (final String[] row : rows)
        {
            logins.add(row[0]);
            assertTrue(pairs.add(row[0] + '\t' + row[1]), "duplicate row for '" + row[0] + "' and " + row[1]);
            rowsPerPartitionCount.merge(Integer.parseInt(row[1]), 1, Integer::sum);
        }

        assertEquals(300, logins.size());
        assertEquals(Map.of(1, 300, 8, 300, 64, 300), rowsPerPartitionCount);
        assertTrue(logins.containsAll(List.of("zo\u00eb", "\u7528\u623742", "user-0", "user-99")));
    }

    private static List<String[]> readRows() throws IOException
    {
        final List<String[]> rows = new ArrayList<>();
        try (InputStream in = GoldenRoutingVectorsTest.class.getResourceAsStream(RESOURCE))
        {
            assertNotNull(in, RESOURCE + " is missing from the test classpath");
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            assertEquals(GoldenRoutingTable.HEADER, reader.readLine(), "header of " + RESOURCE);

            String line;
            while ((line = reader.readLine()) != null)
            {
                final String[] row = line.split("\t", -1);
                assertEquals(3, row.length, "malformed row in " + RESOURCE + ": '" + line + "'");
                rows.add(row);
            }
        }

        return rows;
    }
}
