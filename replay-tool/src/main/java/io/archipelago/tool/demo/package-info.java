/**
 * The {@code demo} workload: seeded client threads placing orders, the wait for quiescence, the replay check and the
 * report.
 */
package io.archipelago.tool.demo;
