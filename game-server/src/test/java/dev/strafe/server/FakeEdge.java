package dev.strafe.server;

import dev.strafe.protocol.tx.JoinRequest;
import dev.strafe.protocol.tx.JoinResponse;
import dev.strafe.protocol.tx.RoomConfig;
import dev.strafe.server.edge.EdgeService;
import dev.strafe.server.edge.JoinError;
import dev.strafe.server.edge.JoinException;
import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process {@link EdgeService} for HTTP-level tests only (the real edge is tested end to end by its own
 * ITs): answers joins with a fixed SDP, refuses by room name and offer, records player keys and drains.
 * <ul>
 *   <li>room {@code full} -> ROOM_FULL; room {@code boom} -> an unexpected exception carrying a secret;</li>
 *   <li>offer {@code garbage} -> MALFORMED_SDP.</li>
 * </ul>
 */
final class FakeEdge implements EdgeService {

    static final String SECRET_DETAIL = "db password is hunter2";
    static final String PLACEHOLDER_RESUME = "edge-placeholder";

    final List<String> playerKeys = new CopyOnWriteArrayList<>();
    final AtomicInteger drains = new AtomicInteger();
    final AtomicInteger players = new AtomicInteger();
    /** Players left after {@link #drain()} (0: they all reconnect elsewhere at once). */
    volatile int playersAfterDrain;

    @Override
    public Future<JoinResponse> join(String roomId, JoinRequest request, String playerKey) {
        if (roomId.equals("full")) {
            return Future.failedFuture(new JoinException(JoinError.ROOM_FULL, "room full: 32 players (expected: < 32)"));
        }
        if (roomId.equals("boom")) {
            return Future.failedFuture(new IllegalStateException(SECRET_DETAIL));
        }
        if (request.offer().equals("garbage")) {
            return Future.failedFuture(new JoinException(JoinError.MALFORMED_SDP, "sdp: line 1: 'garbage' (expected: v=0)"));
        }
        playerKeys.add(playerKey);
        players.incrementAndGet();
        return Future.succeededFuture(new JoinResponse("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n", "s" + playerKeys.size(),
                PLACEHOLDER_RESUME, playerKeys.size(), new RoomConfig(roomId, 20, 20, 32, 1, 1100)));
    }

    @Override
    public Future<Void> drain() {
        drains.incrementAndGet();
        players.set(playersAfterDrain);
        return Future.succeededFuture();
    }

    @Override
    public int connectedPlayers() {
        return players.get();
    }
}
