package io.archipelago.engine;

import io.archipelago.engine.codec.Command;

/**
 * One slot of an island's ingress ring, pre-allocated and reused. A slot carries a command to journal and apply, a
 * read-only query to run on the island thread, or nothing (a claimed slot given back).
 */
final class IngressEvent
{
    static final int NONE = 0;
    static final int COMMAND = 1;
    static final int QUERY = 2;

    final Command command = new Command();
    int kind;
    ResultListener listener;
    long correlationId;
    IslandQuery query;

    void clear()
    {
        kind = NONE;
        command.clear();
        listener = null;
        correlationId = 0;
        query = null;
    }
}
