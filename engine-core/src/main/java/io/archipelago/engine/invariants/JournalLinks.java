package io.archipelago.engine.invariants;

import java.util.ArrayList;
import java.util.List;

import io.archipelago.engine.codec.RecordHeader;
import io.archipelago.engine.journal.RecordSource;

/**
 * What one pass over an island's whole journal shows of its links: the link messages it journaled from each other
 * island, which must carry the sequence numbers {@code 1..n} of their link, each once and in order (the receiver
 * journals a link message only when it is the next on its link), and the journaled time of the last record.
 *
 * @param island        the island whose journal was read.
 * @param records       records in the journal.
 * @param lastTimestamp journaled time of the last record, or {@link Long#MIN_VALUE} for an empty journal.
 * @param highest       per source island, the highest link sequence journaled from it (0 for none).
 * @param messages      link messages journaled from every source.
 * @param violations    link messages repeated, skipped or from no valid island, one per kind and link.
 */
public record JournalLinks(int island, long records, long lastTimestamp, long[] highest, long messages,
    List<Violation> violations)
{
    /**
     * Reads a journal to its end.
     *
     * @param island  the island whose journal the source reads.
     * @param islands how many islands there are.
     * @param source  the island's journal from its first record.
     * @return what the journal holds.
     * @throws io.archipelago.engine.journal.CorruptJournalException when a record is damaged or out of sequence.
     */
    public static JournalLinks scan(final int island, final int islands, final RecordSource source)
    {
        final long[] highest = new long[islands];
        final LinkTally[] duplicates = new LinkTally[islands];
        final LinkTally[] gaps = new LinkTally[islands];
        final List<Violation> violations = new ArrayList<>();
        long records = 0;
        long messages = 0;
        long lastTimestamp = Long.MIN_VALUE;
        long badSources = 0;
        String firstBadSource = null;
        while (source.next())
        {
            final RecordHeader header = source.header();
            records++;
            lastTimestamp = header.timestamp();
            if (!source.command().type().isLinkMessage())
            {
                continue;
            }
            final int from = header.source();
            final long sequence = header.sourceSequence();
            if (from < 0 || from >= islands || from == island)
            {
                if (badSources++ == 0)
                {
                    firstBadSource = "journal sequence " + header.sequence() + " is a " + source.command().type() +
                        " from island " + from;
                }
                continue;
            }
            if (sequence <= highest[from])
            {
                duplicates[from] = LinkTally.add(duplicates[from], "message #" + sequence +
                    " journaled again at journal sequence " + header.sequence() + " after #" + highest[from]);
                continue;
            }
            if (sequence != highest[from] + 1)
            {
                gaps[from] = LinkTally.add(gaps[from], "message #" + sequence + " at journal sequence " +
                    header.sequence() + " follows #" + highest[from]);
            }
            highest[from] = sequence;
            messages++;
        }
        if (badSources > 0)
        {
            violations.add(Violation.ofIsland(Invariant.LINK_SOURCE, island, badSources +
                " link messages from no valid island (" + islands + " islands); first: " + firstBadSource));
        }
        for (int from = 0; from < islands; from++)
        {
            if (null != duplicates[from])
            {
                violations.add(Violation.ofLink(Invariant.DUPLICATE_LINK_APPLY, from, island, "island " + island +
                    " journaled " + duplicates[from].count + " link messages from island " + from +
                    " a second time; first: " + duplicates[from].first));
            }
            if (null != gaps[from])
            {
                violations.add(Violation.ofLink(Invariant.LINK_GAP, from, island, "island " + island +
                    " skipped link sequence numbers from island " + from + " " + gaps[from].count +
                    " times; first: " + gaps[from].first));
            }
        }
        return new JournalLinks(island, records, lastTimestamp, highest, messages, List.copyOf(violations));
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
