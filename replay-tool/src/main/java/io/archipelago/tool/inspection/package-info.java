/**
 * Read-only access to a data directory and what the operator commands compute from it: replay and audit reports,
 * link scans, histories, decoded journal entries, stock and transfer totals.
 */
package io.archipelago.tool.inspection;
