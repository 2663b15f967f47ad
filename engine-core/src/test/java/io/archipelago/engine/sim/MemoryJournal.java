package io.archipelago.engine.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordHeader;
import io.archipelago.engine.journal.RecordSink;
import io.archipelago.engine.journal.RecordSource;

/**
 * A journal in memory: it survives a simulated crash of its island (only the island's in-memory state is dropped).
 */
final class MemoryJournal implements RecordSink
{
    private final List<byte[]> records = new ArrayList<>();

    @Override
    public long append(final byte[] bytes, final int length)
    {
        records.add(Arrays.copyOf(bytes, length));
        return records.size() - 1;
    }

    @Override
    public void sync()
    {
    }

    int size()
    {
        return records.size();
    }

    /**
     * @param index a record's position, from 0.
     * @return its bytes.
     */
    byte[] record(final int index)
    {
        return records.get(index);
    }

    RecordSource reader()
    {
        return reader(1);
    }

    /**
     * @param fromSequence the island sequence of the first record to read.
     * @return the records from there on.
     */
    RecordSource reader(final long fromSequence)
    {
        return new RecordSource()
        {
            private final RecordCodec codec = new RecordCodec();
            private final RecordHeader header = new RecordHeader();
            private final Command command = new Command();
            private int next = (int)fromSequence - 1;

            @Override
            public boolean next()
            {
                if (next == records.size())
                {
                    return false;
                }
                final byte[] record = records.get(next++);
                System.arraycopy(record, 0, codec.bytes(), 0, record.length);
                codec.decode(record.length, header, command);
                if (header.sequence() != next)
                {
                    throw new IllegalStateException("memory journal sequence " + header.sequence() + " at " + next);
                }
                return true;
            }

            @Override
            public RecordHeader header()
            {
                return header;
            }

            @Override
            public Command command()
            {
                return command;
            }
        };
    }
}
