/**
 * One picocli class per {@code archipelago} subcommand, the base they share, the shared read options and the exit
 * codes.
 */
package io.archipelago.tool.commands;
