package io.archipelago.messaging;

/**
 * A receiver's high-water marks: per source island, the highest link sequence applied. Logical state of the
 * receiving island (it is rebuilt by replay and covered by the digest). Single-threaded.
 */
public final class InboundLinks
{
    private final int self;
    private final long[] highWaterMarks;

    /**
     * @param self    the receiving island.
     * @param islands how many islands there are.
     */
    public InboundLinks(final int self, final int islands)
    {
        this.self = self;
        this.highWaterMarks = new long[islands];
    }

    /**
     * @param source   the sending island.
     * @param sequence the message's link sequence.
     * @return what to do with it.
     */
    public LinkVerdict classify(final int source, final long sequence)
    {
        if (source < 0 || source >= highWaterMarks.length || source == self)
        {
            return LinkVerdict.UNKNOWN_SOURCE;
        }
        final long highWaterMark = highWaterMarks[source];
        if (sequence <= highWaterMark)
        {
            return LinkVerdict.DUPLICATE;
        }
        return sequence == highWaterMark + 1 ? LinkVerdict.NEXT : LinkVerdict.GAP;
    }

    /**
     * Records a message as applied.
     *
     * @param source   the sending island.
     * @param sequence its link sequence, which must be the next.
     * @throws IllegalStateException when it is not the next on the link.
     */
    public void advance(final int source, final long sequence)
    {
        final LinkVerdict verdict = classify(source, sequence);
        if (verdict != LinkVerdict.NEXT)
        {
            throw new IllegalStateException("island " + self + ": link message " + source + "#" + sequence +
                " is " + verdict + " (high-water mark " + highWaterMark(source) + ")");
        }
        highWaterMarks[source] = sequence;
    }

    /**
     * Restores a high-water mark from a snapshot.
     *
     * @param source        the sending island.
     * @param highWaterMark the highest sequence applied from it.
     */
    public void restore(final int source, final long highWaterMark)
    {
        if (source == self || source < 0 || source >= highWaterMarks.length || highWaterMark < 0)
        {
            throw new IllegalArgumentException("island " + self + ": cannot restore link from " + source + " at " +
                highWaterMark);
        }
        highWaterMarks[source] = highWaterMark;
    }

    /**
     * @param source the sending island.
     * @return the highest sequence applied from it, 0 if none.
     */
    public long highWaterMark(final int source)
    {
        return source >= 0 && source < highWaterMarks.length ? highWaterMarks[source] : -1;
    }

    /**
     * @return how many islands there are.
     */
    public int islands()
    {
        return highWaterMarks.length;
    }
}
