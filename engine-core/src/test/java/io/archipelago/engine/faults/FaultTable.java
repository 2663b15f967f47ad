package io.archipelago.engine.faults;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts verdicts per fault class and file kind over a whole suite, and keeps every outcome that breaks the rule.
 */
final class FaultTable
{
    private final Map<String, Map<Verdict, Integer>> counts = new TreeMap<>();
    private final List<FaultRunner.Outcome> broken = new ArrayList<>();
    private final List<FaultRunner.Outcome> gaps = new ArrayList<>();

    synchronized void add(final FaultRunner.Outcome outcome)
    {
        counts.computeIfAbsent(outcome.fault().faultClass() + " / " + outcome.fault().kind(),
            k -> new EnumMap<>(Verdict.class)).merge(outcome.verdict(), 1, Integer::sum);
        if (!outcome.verdict().allowed())
        {
            broken.add(outcome);
        }
        if (outcome.verdict() == Verdict.KNOWN_GAP)
        {
            gaps.add(outcome);
        }
    }

    /**
     * @param faultClass a fault class.
     * @return the outcomes of that class that break the rule.
     */
    synchronized List<FaultRunner.Outcome> broken(final String faultClass)
    {
        return broken.stream().filter(o -> o.fault().faultClass().equals(faultClass)).toList();
    }

    /**
     * @param verdict a verdict.
     * @return every outcome so far with that verdict.
     */
    synchronized List<FaultRunner.Outcome> withVerdict(final Verdict verdict)
    {
        return broken.stream().filter(o -> o.verdict() == verdict).toList();
    }

    /**
     * Prints one row per fault class and file kind with the count of each verdict, then every outcome that breaks
     * the rule and every known gap.
     *
     * @param out where to print.
     */
    synchronized void print(final PrintStream out)
    {
        final StringBuilder header = new StringBuilder(String.format("%-40s %6s", "fault / file kind", "cases"));
        for (final Verdict verdict : Verdict.values())
        {
            header.append(String.format(" %22s", verdict));
        }
        out.println("data-directory fault injection");
        out.println(header);
        final Map<Verdict, Integer> total = new EnumMap<>(Verdict.class);
        for (final Map.Entry<String, Map<Verdict, Integer>> row : counts.entrySet())
        {
            out.println(row(row.getKey(), row.getValue()));
            row.getValue().forEach((verdict, count) -> total.merge(verdict, count, Integer::sum));
        }
        out.println(row("total", total));
        for (final FaultRunner.Outcome outcome : broken)
        {
            out.println("BROKEN " + outcome);
        }
        for (final FaultRunner.Outcome outcome : gaps)
        {
            out.println("GAP " + outcome);
        }
    }

    private static String row(final String name, final Map<Verdict, Integer> verdicts)
    {
        final int cases = verdicts.values().stream().mapToInt(Integer::intValue).sum();
        final StringBuilder line = new StringBuilder(String.format("%-40s %6d", name, cases));
        for (final Verdict verdict : Verdict.values())
        {
            line.append(String.format(" %22d", verdicts.getOrDefault(verdict, 0)));
        }
        return line.toString();
    }
}
