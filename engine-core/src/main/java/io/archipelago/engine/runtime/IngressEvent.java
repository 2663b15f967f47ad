package io.archipelago.engine.runtime;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.model.ResultListener;

/**
 * One slot of an island's ingress ring, pre-allocated and reused. A slot carries a client command, a message from
 * another island, a tick, a read-only query, or nothing (a claimed slot given back).
 */
final class IngressEvent
{
    static final int NONE = 0;
    static final int COMMAND = 1;
    static final int QUERY = 2;
    static final int LINK = 3;
    static final int TICK = 4;

    final Command command = new Command();
    int kind;
    ResultListener listener;
    long correlationId;
    IslandQuery query;
    int source;
    long linkSequence;

    void clear()
    {
        kind = NONE;
        command.clear();
        listener = null;
        correlationId = 0;
        query = null;
        source = 0;
        linkSequence = 0;
    }
}
