package io.archipelago.perf.report;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultChartsTest
{
    private static final String THROUGHPUT =
        """
        system,islands,client_threads,durability,orders,seconds,orders_per_s,confirmed,rejected,needed_transfer_share
        engine,1,8,async,2000000,4.10,487804.9,1990000,10000,0.000
        engine,1,8,async,2000000,4.30,465116.3,1990000,10000,0.000
        engine,1,8,async,2000000,4.00,500000.0,1990000,10000,0.000
        engine,2,8,async,2000000,2.40,833333.3,1990000,10000,0.012
        engine,2,8,async,2000000,2.60,769230.8,1990000,10000,0.012
        engine,2,8,async,2000000,2.50,800000.0,1990000,10000,0.012
        engine,4,8,async,2000000,1.60,1250000.0,1990000,10000,0.031
        engine,4,8,async,2000000,1.75,1142857.1,1990000,10000,0.031
        engine,4,8,async,2000000,1.70,1176470.6,1990000,10000,0.031
        engine,8,8,async,2000000,1.55,1290322.6,1990000,10000,0.048
        engine,8,8,async,2000000,1.50,1333333.3,1990000,10000,0.048
        engine,16,8,async,2000000,1.65,1212121.2,1990000,10000,0.061
        engine,64,8,async,2000000,1.90,1052631.6,1990000,10000,0.083
        shared-state,0,8,async,2000000,5.20,384615.4,1990000,10000,0.000
        shared-state,0,8,async,2000000,5.40,370370.4,1990000,10000,0.000
        pekko,0,8,async,2000000,9.80,204081.6,1990000,10000,0.000
        single-island,1,8,async,2000000,3.90,512820.5,1990000,10000,0.000
        """;

    private static final String LATENCY =
        """
        system,islands,offered_per_s,achieved_per_s,held,p50_us,p90_us,p99_us,p999_us,p9999_us,max_us
        engine,8,50000,50000,true,6.1,9.0,18.2,45.0,120.0,410.0
        engine,8,100000,100000,true,6.8,10.5,24.0,70.5,260.0,900.0
        engine,8,200000,199998,true,8.2,14.0,41.0,150.0,700.0,2600.0
        engine,8,400000,399990,true,11.5,25.0,88.0,420.0,1900.0,5100.0
        engine,8,800000,702000,false,2400.0,9800.0,21000.0,33000.0,41000.0,45000.0
        engine,8,1000000,705000,false,9000.0,30000.0,52000.0,70000.0,81000.0,90000.0
        """;

    private static final String REPLAY =
        """
        islands,replay_threads,records,seconds,records_per_s,records_per_s_per_island,raw_read_records_per_s_per_island
        1,1,2000000,0.80,2500000,2500000,6000000
        2,1,2000000,0.85,2352941,1176470,6100000
        4,1,2000000,0.90,2222222,555555,5900000
        8,1,2000000,0.95,2105263,263157,6000000
        1,2,2000000,0.80,2500000,2500000,6000000
        2,2,2000000,0.45,4444444,2222222,6100000
        4,2,2000000,0.47,4255319,1063829,5900000
        8,2,2000000,0.50,4000000,500000,6000000
        """;

    @TempDir
    Path directory;

    @Test
    void shouldRenderEveryChartHeadlessWhenEveryResultFileIsPresent() throws IOException
    {
        write(directory, "throughput.csv", THROUGHPUT);
        write(directory, "latency.csv", LATENCY);
        write(directory, "replay.csv", REPLAY);

        final List<Path> written = ResultCharts.render(directory);

        assertEquals(List.of(directory.resolve("throughput.png"), directory.resolve("latency.png"),
            directory.resolve("replay.png")), written);
        assertTrue(GraphicsEnvironment.isHeadless());
        for (final Path png : written)
        {
            assertDrawn(png);
        }
    }

    @Test
    void shouldDrawDifferentImagesForDifferentResults() throws IOException
    {
        final Path first = Files.createDirectory(directory.resolve("first"));
        final Path second = Files.createDirectory(directory.resolve("second"));
        write(first, "throughput.csv", THROUGHPUT);
        write(second, "throughput.csv", THROUGHPUT.replace("engine,64,8,async,2000000,1.90,1052631.6",
            "engine,64,8,async,2000000,0.90,2222222.2"));

        final BufferedImage one = ImageIO.read(ResultCharts.render(first).get(0).toFile());
        final BufferedImage other = ImageIO.read(ResultCharts.render(second).get(0).toFile());

        assertTrue(differingPixels(one, other) > 500, "a changed result should change the chart");
    }

    @Test
    void shouldSkipAMissingResultFile() throws IOException
    {
        write(directory, "replay.csv", REPLAY);

        final List<Path> written = ResultCharts.render(directory);

        assertEquals(List.of(directory.resolve("replay.png")), written);
        assertFalse(Files.exists(directory.resolve("throughput.png")));
        assertFalse(Files.exists(directory.resolve("latency.png")));
        assertDrawn(written.get(0));
    }

    @Test
    void shouldRenderNothingForADirectoryWithoutResults() throws IOException
    {
        assertEquals(List.of(), ResultCharts.render(directory));
    }

    @Test
    void shouldNameTheFileAndColumnWhenAColumnIsMissing() throws IOException
    {
        write(directory, "throughput.csv", THROUGHPUT.replace(",orders_per_s,", ",orders_per_second,"));

        final IOException ex = assertThrows(IOException.class, () -> ResultCharts.render(directory));

        assertTrue(ex.getMessage().contains("throughput.csv"), ex.getMessage());
        assertTrue(ex.getMessage().contains("'orders_per_s'"), ex.getMessage());
    }

    @Test
    void shouldNameTheFileLineAndColumnOfAMalformedNumber() throws IOException
    {
        write(directory, "replay.csv", REPLAY.replace("4,2,2000000,0.47,4255319", "4,2,2000000,0.47,fast"));

        final IOException ex = assertThrows(IOException.class, () -> ResultCharts.render(directory));

        assertTrue(ex.getMessage().contains("replay.csv:8"), ex.getMessage());
        assertTrue(ex.getMessage().contains("'records_per_s'"), ex.getMessage());
    }

    @Test
    void shouldFindColumnsByNameAndIgnoreUnknownOnes() throws IOException
    {
        final StringBuilder reordered = new StringBuilder();
        for (final String line : REPLAY.strip().split("\n"))
        {
            final String[] fields = line.split(",");
            reordered.append(line.startsWith("islands") ? "host" : "box-1").append(',')
                .append(fields[6]).append(',').append(fields[4]).append(',').append(fields[1]).append(',')
                .append(fields[0]).append('\n');
        }
        write(directory, "replay.csv", reordered.toString());

        final List<Path> written = ResultCharts.render(directory);

        assertEquals(List.of(directory.resolve("replay.png")), written);
        assertDrawn(written.get(0));
    }

    @Test
    void shouldDrawOneLatencyChartPerSystem() throws IOException
    {
        write(directory, "latency.csv", LATENCY + LATENCY.lines().skip(1)
            .map((line) -> line.replace("engine,8,", "pekko,0,"))
            .reduce("", (all, line) -> all + line + "\n"));

        final List<Path> written = ResultCharts.render(directory);

        assertEquals(List.of(directory.resolve("latency.png"), directory.resolve("latency-pekko.png")), written);
        for (final Path png : written)
        {
            assertDrawn(png);
        }
    }

    @Test
    void shouldExitWithTwoWhenTheResultsDirectoryIsMissing() throws IOException, InterruptedException
    {
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
            ResultCharts.class.getName(), directory.resolve("absent").toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
        final String error = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertEquals(1, error.lines().count(), error);
        assertTrue(error.contains("absent"), error);
    }

    private static void write(final Path directory, final String name, final String content) throws IOException
    {
        Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static void assertDrawn(final Path png) throws IOException
    {
        final BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " is not an image");
        assertEquals(800, image.getWidth());
        assertEquals(500, image.getHeight());
        assertEquals(0xFFFFFF, image.getRGB(0, 0) & 0xFFFFFF, "background should be white");
        int drawn = 0;
        for (int y = 0; y < image.getHeight(); y++)
        {
            for (int x = 0; x < image.getWidth(); x++)
            {
                if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF)
                {
                    drawn++;
                }
            }
        }
        assertTrue(drawn > 10_000, png + " has only " + drawn + " non-white pixels");
        assertNotEquals(image.getWidth() * image.getHeight(), drawn, png + " has no white background");
    }

    private static int differingPixels(final BufferedImage one, final BufferedImage other)
    {
        int differing = 0;
        for (int y = 0; y < one.getHeight(); y++)
        {
            for (int x = 0; x < one.getWidth(); x++)
            {
                if (one.getRGB(x, y) != other.getRGB(x, y))
                {
                    differing++;
                }
            }
        }
        return differing;
    }
}
