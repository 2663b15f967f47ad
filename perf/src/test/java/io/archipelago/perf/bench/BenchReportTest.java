package io.archipelago.perf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BenchReportTest
{
    @TempDir
    Path directory;

    @Test
    void shouldWriteEveryCsvWithItsColumnsAndFixedDecimals() throws IOException
    {
        final BenchReport report = new BenchReport();
        report.add(List.of(
            new BenchReport.ThroughputRow("engine", 2, 2, "JOURNALED", 150_000, 0.30749, 150_000, 0, 0.02934, ""),
            new BenchReport.ThroughputRow("shared-state", 0, 2, "JOURNALED", 150_000, 0.512, 149_990, 10, -1, ""),
            new BenchReport.LatencyRow("engine", 2, 100_000, 99_995.4, true, 107.64, 272.9, 5349.4, 10059.8,
                11853.8, 12132.4, 3746.04),
            new BenchReport.ReplayRow(new ReplayRun.Outcome(8, 2, 400_000, 250_000_000L, 6_000_000.4, 1_500_000L)),
            new Ceilings.Ceiling("chronicle_append_batched_64", 5_214_225.3, "records")));

        report.writeCsv(directory);

        assertEquals(List.of(
            "system,islands,client_threads,durability,orders,seconds,orders_per_s,confirmed,rejected," +
                "needed_transfer_share",
            "engine,2,2,JOURNALED,150000,0.307,487821,150000,0,0.0293",
            "shared-state,0,2,JOURNALED,150000,0.512,292969,149990,10,-1.0000"),
            Files.readAllLines(directory.resolve("throughput.csv")));
        assertEquals(List.of(
            "system,islands,offered_per_s,achieved_per_s,held,p50_us,p90_us,p99_us,p999_us,p9999_us,max_us," +
                "send_lag_p99_us",
            "engine,2,100000,99995,true,107.6,272.9,5349.4,10059.8,11853.8,12132.4,3746.0"),
            Files.readAllLines(directory.resolve("latency.csv")));
        assertEquals(List.of(
            "islands,replay_threads,records,seconds,records_per_s,records_per_s_per_island," +
                "raw_read_records_per_s_per_island,digest_seconds",
            "8,2,400000,0.250,1600000,800000,6000000,0.002"),
            Files.readAllLines(directory.resolve("replay.csv")));
        assertEquals(List.of("ceiling,per_s,unit", "chronicle_append_batched_64,5214225,records"),
            Files.readAllLines(directory.resolve("ceilings.csv")));
    }
}
