package io.archipelago.perf.jmh;

import java.util.concurrent.TimeUnit;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.codec.RecordHeader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link RecordCodec} on a {@code PLACE_ORDER} record of 1 or 4 lines and a 10-character login: encoding (header,
 * payload, CRC32C) and decoding the same bytes (checksum check, header, payload, the login's bytes: the engine finds
 * users by them and makes no string).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark extends ForkedWithChronicleFlags
{
    private static final long TIMESTAMP = 1_700_000_000_000L;

    @Param({"1", "4"})
    int lines;

    private final Command command = new Command();
    private final RecordCodec encoder = new RecordCodec();
    private final RecordCodec decoder = new RecordCodec();
    private final RecordHeader header = new RecordHeader();
    private final Command decoded = new Command();
    private int length;
    private long sequence;

    /**
     * Builds the order and the encoded record the decode benchmark reads.
     */
    @Setup
    public void setUp()
    {
        command.placeOrder("user-42424", 1_234_567L);
        for (int i = 0; i < lines; i++)
        {
            command.addLine(100 + i, 1 + i);
        }
        length = encoder.encode(command, 1, TIMESTAMP, RecordDescriptor.SOURCE_CLIENT, 0);
        System.arraycopy(encoder.bytes(), 0, decoder.bytes(), 0, length);
        decoder.decode(length, header, decoded);
        if (decoded.lineCount() != lines || !"user-42424".equals(decoded.login()))
        {
            throw new IllegalStateException("round trip failed: " + decoded);
        }
    }

    /**
     * @return the record's length.
     */
    @Benchmark
    public int encode()
    {
        return encoder.encode(command, ++sequence, TIMESTAMP, RecordDescriptor.SOURCE_CLIENT, 0);
    }

    /**
     * @param bh consumes the decoded fields.
     */
    @Benchmark
    public void decode(final Blackhole bh)
    {
        decoder.decode(length, header, decoded);
        bh.consume(header.sequence());
        bh.consume(decoded.orderId());
        bh.consume(decoded.loginLength());
        bh.consume(decoded.loginBytes()[0]);
        bh.consume(decoded.lineProductId(lines - 1));
    }
}
