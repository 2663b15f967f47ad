package io.archipelago.engine.faults;

/**
 * What {@link io.archipelago.engine.Archipelago#open} made of a faulted data directory.
 */
enum Verdict
{
    /** Refused with one line naming the island (or the directory) and the file, every journal byte unchanged. */
    REFUSED(true),
    /** Opened with every island's digest equal to the pristine directory's, and reopened after one more order. */
    HARMLESS(true),
    /** Opened with another state than the pristine directory's: the fault was taken for history. */
    ACCEPTED_DIFFERENT(false),
    /** Refused, but the message spans lines or does not name the island or the file. */
    UNCLEAR_REFUSAL(false),
    /** Refused, but the refused open changed files of the directory. */
    REFUSAL_CHANGED_FILES(false),
    /** Opened with the pristine state, but after one more order the directory did not reopen to the same state. */
    REOPEN_BROKEN(false),
    /**
     * Opened with another state after every file that records how far the journal went was removed along with its
     * tail: nothing left in the directory can tell, so this is reported, not failed.
     */
    KNOWN_GAP(true);

    private final boolean allowed;

    Verdict(final boolean allowed)
    {
        this.allowed = allowed;
    }

    /**
     * @return true when the verdict keeps DESIGN rule 7.
     */
    boolean allowed()
    {
        return allowed;
    }
}
