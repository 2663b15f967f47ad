/**
 * The {@code archipelago} command line: {@link io.archipelago.tool.ArchipelagoCli} parses the arguments and runs one
 * subcommand. Each subcommand is a class of its own in {@link io.archipelago.tool.commands}; the demo workload is in
 * {@link io.archipelago.tool.demo}, what the read-only operator commands compute from a data directory in
 * {@link io.archipelago.tool.inspection}, and JSON and progress output in {@link io.archipelago.tool.output}.
 * Commands write to the streams they are given and return an exit code, so tests run them in-process.
 */
package io.archipelago.tool;
