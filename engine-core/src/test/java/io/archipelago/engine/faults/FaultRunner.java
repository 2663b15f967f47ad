package io.archipelago.engine.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.OrderLine;

/**
 * Applies a {@link FaultCase} to a fresh copy of the pristine directory and judges what
 * {@link Archipelago#open} makes of it.
 */
final class FaultRunner
{
    private final PristineDirectory pristine;
    private final Path work;
    private int cases;

    FaultRunner(final PristineDirectory pristine, final Path work)
    {
        this.pristine = pristine;
        this.work = work;
    }

    /**
     * What one case came to.
     *
     * @param fault   the case.
     * @param verdict the verdict.
     * @param detail  the refusal's message, or what differed.
     */
    record Outcome(FaultCase fault, Verdict verdict, String detail)
    {
        @Override
        public String toString()
        {
            return verdict + " [" + fault.faultClass() + " " + fault.kind() + "] " + fault.description() + ": " +
                detail;
        }
    }

    /**
     * @param fault the case.
     * @return its outcome; the copy it ran on is deleted.
     * @throws IOException when the copy cannot be made or damaged.
     */
    Outcome run(final FaultCase fault) throws IOException
    {
        final Path data = work.resolve("case-" + cases++);
        pristine.copyFrozen(pristine.root(), data);
        try
        {
            fault.damage().apply(data);
            return judge(fault, data);
        }
        finally
        {
            PristineDirectory.delete(data);
        }
    }

    private static List<String> changed(final Map<String, String> before, final Map<String, String> after)
    {
        final Set<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        return names.stream().filter(name -> !Objects.equals(before.get(name), after.get(name))).toList();
    }

    private Outcome judge(final FaultCase fault, final Path data)
    {
        final Map<String, String> before = PristineDirectory.fingerprint(data);
        final Archipelago engine;
        try
        {
            engine = Archipelago.open(PristineDirectory.config(data));
        }
        catch (final RuntimeException | Error ex)
        {
            final String message = ex.getMessage();
            final Map<String, String> after = PristineDirectory.fingerprint(data);
            if (!fault.namedBy(message))
            {
                return new Outcome(fault, Verdict.UNCLEAR_REFUSAL, ex.getClass().getName() + ": " + message);
            }
            if (!before.equals(after))
            {
                return new Outcome(fault, Verdict.REFUSAL_CHANGED_FILES, "changed " + changed(before, after) +
                    " while refusing: " + message);
            }
            return new Outcome(fault, Verdict.REFUSED, message);
        }
        final List<String> closed;
        try (engine)
        {
            final List<String> opened = engine.digests();
            if (!opened.equals(pristine.digests()))
            {
                return new Outcome(fault, fault.gapExpected() ? Verdict.KNOWN_GAP : Verdict.ACCEPTED_DIFFERENT,
                    "opened to " + opened + " instead of " + pristine.digests());
            }
            engine.placeOrder("after-fault", 9_000_000, new OrderLine(PristineDirectory.PLENTY, 1))
                .get(10, TimeUnit.SECONDS);
            engine.close();
            closed = engine.closeDigests();
        }
        catch (final Exception ex)
        {
            return new Outcome(fault, Verdict.REOPEN_BROKEN, "one more order failed: " + ex);
        }
        try (Archipelago again = Archipelago.open(PristineDirectory.config(data)))
        {
            if (!again.digests().equals(closed))
            {
                return new Outcome(fault, Verdict.REOPEN_BROKEN, "reopened to " + again.digests() + " instead of " +
                    closed);
            }
        }
        catch (final RuntimeException ex)
        {
            return new Outcome(fault, Verdict.REOPEN_BROKEN, "reopen refused: " + ex.getMessage());
        }
        return new Outcome(fault, Verdict.HARMLESS, "same digests");
    }
}
