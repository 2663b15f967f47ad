/**
 * Per-user streams measured: one user's stream read through the island's user index against a scan of the island's
 * journal and event log ({@code perf/run streams}).
 */
package io.archipelago.perf.streams;
