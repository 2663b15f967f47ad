package io.archipelago.tool.inspection;

import java.util.ArrayList;
import java.util.List;

import io.archipelago.engine.codec.RecordHeader;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalReader;

/**
 * One pass over an island's whole journal (snapshots do not matter here): the link messages it applied from each
 * other island, which must carry the sequence numbers {@code 1..n} of their link, each once and in order (the
 * receiver journals a link message only when it is the next on its link), and the journaled time of the last record.
 *
 * @param partition     the island.
 * @param records       records in the journal.
 * @param lastTimestamp journaled time of the last record, or {@link Long#MIN_VALUE} for an empty journal.
 * @param applied       per source island, link messages journaled from it.
 * @param violations    link messages repeated, skipped or from no valid island.
 */
record LinkScan(int partition, long records, long lastTimestamp, long[] applied, List<Violation> violations)
{
    /**
     * @param data      the data directory.
     * @param partition the island to scan.
     * @return what the journal holds.
     * @throws io.archipelago.engine.journal.CorruptJournalException when a record is damaged or out of sequence.
     */
    static LinkScan scan(final ReadOnlyDataDirectory data, final int partition)
    {
        final int islands = data.partitions();
        final long[] highest = new long[islands];
        final long[] applied = new long[islands];
        final LinkTally[] duplicates = new LinkTally[islands];
        final LinkTally[] gaps = new LinkTally[islands];
        final List<Violation> violations = new ArrayList<>();
        long records = 0;
        long lastTimestamp = Long.MIN_VALUE;
        long badSources = 0;
        String firstBadSource = null;
        try (Journal journal = data.openJournal(partition); JournalReader reader = journal.reader())
        {
            while (reader.next())
            {
                final RecordHeader header = reader.header();
                records++;
                lastTimestamp = header.timestamp();
                if (!reader.command().type().isLinkMessage())
                {
                    continue;
                }
                final int source = header.source();
                final long sequence = header.sourceSequence();
                if (source < 0 || source >= islands || source == partition)
                {
                    if (badSources++ == 0)
                    {
                        firstBadSource = "journal sequence " + header.sequence() + " is a " +
                            reader.command().type() + " from island " + source;
                    }
                    continue;
                }
                if (sequence == highest[source] + 1)
                {
                    highest[source] = sequence;
                    applied[source]++;
                }
                else if (sequence <= highest[source])
                {
                    duplicates[source] = LinkTally.add(duplicates[source], "message #" + sequence +
                        " journaled again at journal sequence " + header.sequence() + " after #" + highest[source]);
                }
                else
                {
                    gaps[source] = LinkTally.add(gaps[source], "message #" + sequence + " at journal sequence " +
                        header.sequence() + " follows #" + highest[source]);
                    highest[source] = sequence;
                    applied[source]++;
                }
            }
        }
        if (badSources > 0)
        {
            violations.add(Violation.ofIsland("link_source", partition, badSources +
                " link messages from no valid island (" + islands + " islands); first: " + firstBadSource));
        }
        for (int source = 0; source < islands; source++)
        {
            if (null != duplicates[source])
            {
                violations.add(Violation.ofIsland("duplicate_link_apply", partition, "island " + partition +
                    " applied " + duplicates[source].count + " link messages from island " + source +
                    " a second time; first: " + duplicates[source].first));
            }
            if (null != gaps[source])
            {
                violations.add(Violation.ofIsland("link_gap", partition, "island " + partition + " skipped " +
                    "link sequence numbers from island " + source + " " + gaps[source].count + " times; first: " +
                    gaps[source].first));
            }
        }
        return new LinkScan(partition, records, lastTimestamp, applied, List.copyOf(violations));
    }

    /**
     * @return link messages journaled from every source.
     */
    long messages()
    {
        long messages = 0;
        for (final long fromSource : applied)
        {
            messages += fromSource;
        }
        return messages;
    }

    /**
     * How often one kind of problem occurred on one link, and its first occurrence.
     */
    private static final class LinkTally
    {
        private final String first;
        private long count;

        private LinkTally(final String first)
        {
            this.first = first;
        }

        static LinkTally add(final LinkTally tally, final String occurrence)
        {
            final LinkTally counted = null == tally ? new LinkTally(occurrence) : tally;
            counted.count++;
            return counted;
        }
    }
}
