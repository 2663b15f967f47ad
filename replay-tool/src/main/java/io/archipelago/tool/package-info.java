/**
 * The {@code archipelago} command line: {@link io.archipelago.tool.ArchipelagoCli} parses the arguments and runs one
 * subcommand, each a class of its own ({@code demo} is {@code DemoCommand}; the read-only operator commands
 * {@code replay}, {@code audit}, {@code history}, {@code dump} and {@code stats} read a data directory through
 * {@code ReadOnlyDataDirectory}). Commands write to the streams they are given and return an exit code, so tests run
 * them in-process.
 */
package io.archipelago.tool;
