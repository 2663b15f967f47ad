package io.archipelago.engine.runtime;

import java.util.concurrent.CompletableFuture;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.model.ResultListener;

/**
 * One slot of an island's ingress ring, pre-allocated and reused. A slot carries a client command, a message from
 * another island, a tick, a read-only query, the close query (the island's last input), or nothing (a claimed slot
 * given back).
 */
final class IngressEvent
{
    static final int NONE = 0;
    static final int COMMAND = 1;
    static final int QUERY = 2;
    static final int LINK = 3;
    static final int TICK = 4;
    static final int CLOSE = 5;

    final Command command = new Command();
    int kind;
    ResultListener listener;
    long correlationId;
    IslandQuery query;
    /** Completed exceptionally when the island fails before the query (or the close query) runs; may be null. */
    CompletableFuture<?> answer;
    int source;
    long linkSequence;

    void clear()
    {
        kind = NONE;
        command.clear();
        listener = null;
        correlationId = 0;
        query = null;
        answer = null;
        source = 0;
        linkSequence = 0;
    }
}
