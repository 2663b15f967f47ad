package io.archipelago.engine.model;

/**
 * What the engine does with each input before it is applied.
 */
public enum Durability
{
    /**
     * Nothing is journaled: state lives in memory only and is gone on close. For benchmarks and tests of the logic.
     */
    NONE,
    /**
     * Every input is appended to the island's Chronicle Queue journal (a memory-mapped file) and applied only after its
     * document is closed. Survives a crash of the process ({@code kill -9}); the operating system writes the pages to
     * disk in its own time. The default.
     */
    JOURNALED,
    /**
     * As {@link #JOURNALED}, and the journal is forced to the storage device at the end of every batch of inputs
     * before any reply of the batch leaves (group commit). Survives power loss; much slower.
     */
    JOURNALED_SYNC
}
