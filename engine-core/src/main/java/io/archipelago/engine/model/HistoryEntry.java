package io.archipelago.engine.model;

/**
 * One step of a user's stream ({@link io.archipelago.engine.Archipelago#history(String)}): an input the user submitted,
 * or a decision the user's island made about one of the user's orders, holds or timers. Exactly one of
 * {@link #input()} and {@link #event()} is set. Entries come in island-sequence order; an input comes before the
 * decisions it caused, and decisions caused by one record in their event order.
 *
 * @param partition the user's island.
 * @param sequence  the island sequence of the journal record: the input, or the record that caused the decision
 *                  (the user's input, a transfer from another island, or a tick).
 * @param timestamp the record's journaled time (epoch milliseconds).
 * @param input     the user's input, or {@code null}.
 * @param event     the decision, as consumers of the event stream saw it, or {@code null}.
 */
public record HistoryEntry(int partition, long sequence, long timestamp, UserInput input, Event event)
{
    /**
     * @return true for an input, false for a decision.
     */
    public boolean isInput()
    {
        return null != input;
    }

    @Override
    public String toString()
    {
        return "#" + sequence + " " + (null != input ? "input " + input : "decision " + event);
    }
}
