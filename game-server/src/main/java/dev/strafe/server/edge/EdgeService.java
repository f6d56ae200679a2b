package dev.strafe.server.edge;

import dev.strafe.protocol.tx.JoinRequest;
import dev.strafe.protocol.tx.JoinResponse;
import io.vertx.core.Future;

/**
 * What the HTTP signaling side needs from the UDP edge of a node: turn a join (SDP offer + identity) into a
 * live WebRTC peer that is a member of the room, and tell connected players to move elsewhere on drain.
 * Implemented by the edge (which owns the peers on its event loops); called by the HTTP verticle.
 */
public interface EdgeService {

    /**
     * Creates the peer for {@code request.offer()}, joins {@code roomId} through the room gateway and
     * answers. {@code playerKey} is the stable identity of the player (from the token, or from the resume
     * token on a resume), so transactions retried across reconnects are deduplicated.
     *
     * @return the answer; fails with {@link JoinException} carrying a {@link JoinError}
     */
    Future<JoinResponse> join(String roomId, JoinRequest request, String playerKey);

    /** Sends every connected player a {@code draining} room event; completes when sent. */
    Future<Void> drain();

    /**
     * Closes the peer of {@code sessionId} server-side, as if the network had dropped it (the player leaves the
     * room; the client reconnects with its resume token). Only reachable through the test-only debug route.
     *
     * @return false when no such session is held here
     */
    default boolean dropSession(String sessionId) {
        return false;
    }

    /** Players currently connected through this node's edge. */
    int connectedPlayers();
}
