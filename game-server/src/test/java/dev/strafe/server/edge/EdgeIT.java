package dev.strafe.server.edge;

import dev.strafe.protocol.pos.Input;
import dev.strafe.protocol.pos.InputCodec;
import dev.strafe.protocol.pos.SnapshotState;
import dev.strafe.protocol.tx.JoinRequest;
import dev.strafe.protocol.tx.RoomEvent;
import dev.strafe.protocol.tx.TxJson;
import dev.strafe.protocol.tx.TxResult;
import dev.strafe.protocol.tx.TxStatus;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edge end to end on loopback: a real node (rooms + UDP edge + signaling route) and Java WebRTC clients
 * that join over HTTP, send inputs at 20 Hz with acks and apply snapshots.
 */
class EdgeIT {

    static final Map<String, Object> ROOMS = Map.of(
            "capacity", 64,
            "custom", Map.of(
                    "duo", Map.of("capacity", 2),
                    // many coins at once: full snapshots near the 1,100-byte limit
                    "slow", Map.of("coins", Map.of("max", 60, "interval", 1))));

    static Vertx serverVertx;
    static Vertx clientVertx;
    static TestNode node;
    static WebClient http;

    @BeforeAll
    static void start() throws Exception {
        serverVertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        clientVertx = Vertx.vertx();
        // interest radius over the whole arena: every player sees every other (the radius has its unit test)
        node = TestNode.start(serverVertx, ROOMS, s -> s.withInterest(10_000, 128));
        http = WebClient.create(clientVertx);
    }

    @AfterAll
    static void stop() throws Exception {
        if (http != null) {
            http.close();
        }
        if (clientVertx != null) {
            clientVertx.close().await(20, TimeUnit.SECONDS);
        }
        if (node != null) {
            node.close();
        }
    }

    GameTestClient join(String room, String name) throws Exception {
        return GameTestClient.join(clientVertx, http, node.httpPort(), room, name, null);
    }

    static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for: " + what);
            }
            Thread.sleep(20); // polling the test thread only; the node runs on its own clock
        }
    }

    /** The next room event of {@code kind} (others skipped), within 10 s. */
    static RoomEvent nextEvent(GameTestClient c, String kind) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            RoomEvent e = c.events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.kind().equals(kind)) {
                return e;
            }
        }
        throw new AssertionError("no '" + kind + "' event for player " + c.playerId() + " of room " + c.join.room().id()
                + " within 10 s; got " + c.txMessages);
    }

    static void assertProblemType(GameTestClient.JoinRefused e, String slug) {
        assertNotNull(e.problem, "problem details");
        assertTrue(e.problem.type().endsWith(":" + slug), "problem type " + e.problem.type() + " (expected: ...:" + slug + ")");
        assertEquals(e.status, e.problem.status());
    }

    static int xOf(SnapshotState s, int entityId) {
        int i = s.indexOf(entityId);
        return i < 0 ? Integer.MIN_VALUE : s.x(i);
    }

    @Test
    void twoPlayersSeeEachOtherMoveWithCorrectDeltas() throws Exception {
        try (DeltaCheck check = new DeltaCheck(serverVertx, node.rooms.gateway(), "pair", node.edge.settings());
             GameTestClient a = join("pair", "ada").startInputs(20);
             GameTestClient b = join("pair", "bob").startInputs(20)) {
            await("both players in both views", 5_000, () -> a.latest.indexOf(b.playerId()) >= 0 && b.latest.indexOf(a.playerId()) >= 0);
            int aStart = xOf(b.latest, a.playerId());
            int bStart = xOf(a.latest, b.playerId());
            a.moveX = aStart < 2_000 ? 127 : -127; // away from the nearer wall of the 40 m arena
            b.moveX = bStart < 2_000 ? 127 : -127;
            await("each sees the other move", 5_000, () ->
                    Math.abs(xOf(b.latest, a.playerId()) - aStart) > 100 && Math.abs(xOf(a.latest, b.playerId()) - bStart) > 100);
            await("a's own inputs acknowledged", 5_000, () -> a.lastInputSequence > 10);
            Thread.sleep(500);
            a.record = false;
            b.record = false;
            assertTrue(check.assertClientMatches(a) > 5, "deltas checked for a");
            assertTrue(check.assertClientMatches(b) > 5, "deltas checked for b");
            assertTrue(a.deltaSnapshots.get() > a.fullSnapshots.get(), "acking client gets mostly deltas: " + a.deltaSnapshots + " vs " + a.fullSnapshots);
        }
        await("sessions released", 5_000, () -> node.edge.sessions() == 0);
    }

    @Test
    void fiftyPlayersInOneRoomAllHoldTheServersView() throws Exception {
        List<GameTestClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (DeltaCheck check = new DeltaCheck(serverVertx, node.rooms.gateway(), "crowd", node.edge.settings())) {
            List<Future<GameTestClient>> joining = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String name = "p" + i;
                joining.add(pool.submit(() -> {
                    try {
                        return join("crowd", name);
                    } catch (Exception first) { // as the SDK does: one more try (a handshake can time out on a busy 2-core box)
                        System.err.println("join " + name + " retried: " + first.getMessage());
                        return join("crowd", name);
                    }
                }));
            }
            for (Future<GameTestClient> f : joining) {
                clients.add(f.get(60, TimeUnit.SECONDS));
            }
            for (int i = 0; i < clients.size(); i++) {
                GameTestClient c = clients.get(i);
                c.moveX = (i % 3) * 60 - 60;
                c.moveY = (i % 5) * 30 - 60;
                c.startInputs(20);
            }
            await("every client sees all 50 players", 15_000, () -> clients.stream().allMatch(c ->
                    clients.stream().allMatch(o -> c.latest.indexOf(o.playerId()) >= 0)));
            Thread.sleep(1_000);
            clients.forEach(c -> c.record = false);
            int deltas = 0;
            for (GameTestClient c : clients) {
                deltas += check.assertClientMatches(c);
            }
            assertTrue(deltas > 50 * 5, "deltas checked: " + deltas);
        } finally {
            List<Future<?>> closing = new ArrayList<>();
            clients.forEach(c -> closing.add(pool.submit(c::close)));
            for (Future<?> f : closing) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdownNow();
        }
        await("sessions released", 10_000, () -> node.edge.sessions() == 0);
    }

    @Test
    void playerThatNeverAcksGetsOnlyFullSnapshots() throws Exception {
        try (GameTestClient c = join("noack", "mute")) {
            c.acks = false;
            c.startInputs(20);
            await("20 snapshots", 5_000, () -> c.snapshots.get() >= 20);
            assertEquals(0, c.deltaSnapshots.get(), "deltas to a client that acked nothing");
            assertTrue(c.fullSnapshots.get() >= 20);
            c.acks = true;
            await("deltas once it acks", 5_000, () -> c.deltaSnapshots.get() > 5);
        }
    }

    @Test
    void malformedSdpIsRefusedWith400AndTheParsersReason() throws Exception {
        int sessions = node.edge.sessions();
        GameTestClient.JoinRefused e = assertThrows(GameTestClient.JoinRefused.class, () ->
                GameTestClient.post(http, node.httpPort(), "bad", new JoinRequest("v=0\r\nthis is not sdp\r\n", "eve", null, null)));
        assertEquals(400, e.status);
        assertProblemType(e, "malformed-sdp");
        assertNotNull(e.problem.detail());
        assertEquals(sessions, node.edge.sessions(), "no session left behind");
    }

    @Test
    void fullRoomIsRefusedWith409() throws Exception {
        try (GameTestClient a = join("duo", "a"); GameTestClient b = join("duo", "b")) {
            GameTestClient.JoinRefused e = assertThrows(GameTestClient.JoinRefused.class, () -> join("duo", "c"));
            assertEquals(409, e.status);
            assertProblemType(e, "room-full");
        }
    }

    @Test
    void nodeAtItsPlayerLimitRefusesWith503Overloaded() throws Exception {
        Vertx v = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        try (TestNode small = TestNode.start(v, Map.of(), s -> s.withMaxPlayers(1));
             GameTestClient a = GameTestClient.join(clientVertx, http, small.httpPort(), "r", "a", null)) {
            GameTestClient.JoinRefused e = assertThrows(GameTestClient.JoinRefused.class,
                    () -> GameTestClient.join(clientVertx, http, small.httpPort(), "r", "b", null));
            assertEquals(503, e.status);
            assertProblemType(e, "overloaded");
        }
    }

    @Test
    void badInputsAreDroppedAndCountedByReasonAndThePlayerStaysConnected() throws Exception {
        EdgeMetrics m = node.edge.metrics();
        double malformed = m.inputs(InputVerdict.MALFORMED);
        double stale = m.inputs(InputVerdict.STALE_SEQUENCE);
        double limited = m.inputs(InputVerdict.RATE_LIMITED);
        try (GameTestClient c = join("garbage", "mallory")) {
            c.sendPos(new byte[]{1, 2, 3});
            c.sendPos(new byte[200]);
            byte[] ok = new byte[InputCodec.ENCODED_LENGTH];
            InputCodec.encode(new Input().sequence(1000), ok, 0);
            c.sendPos(ok);
            c.sendPos(ok); // duplicate
            InputCodec.encode(new Input().sequence(999), ok, 0);
            c.sendPos(ok); // older
            for (int i = 0; i < 200; i++) { // a burst far over 2x the tick rate
                InputCodec.encode(new Input().sequence(1001 + i), ok, 0);
                c.sendPos(ok);
            }
            await("drops counted", 5_000, () -> m.inputs(InputVerdict.MALFORMED) >= malformed + 2
                    && m.inputs(InputVerdict.STALE_SEQUENCE) >= stale + 2 && m.inputs(InputVerdict.RATE_LIMITED) > limited + 100);
            long before = c.snapshots.get();
            await("still receiving snapshots", 5_000, () -> c.snapshots.get() > before + 5);
        }
    }

    @Test
    void malformedTransactionsGetAClearAnswerNotADisconnect() throws Exception {
        double before = node.edge.metrics().txMalformedCount();
        try (GameTestClient c = join("txbad", "trudy")) {
            c.sendTx("{this is not json");
            RoomEvent e = nextEvent(c, "tx.error");
            assertEquals("malformed", e.data().get("error").textValue());

            c.sendTx("{\"type\":\"tx.request\",\"id\":\"t-1\",\"kind\":\"buy\",\"payload\":{},\"extra\":1}");
            TxResult r = c.results.computeIfAbsent("t-1", id -> new java.util.concurrent.CompletableFuture<>()).get(5, TimeUnit.SECONDS);
            assertEquals(TxStatus.REJECTED, r.status());
            assertTrue(r.error().startsWith("malformed: "), r.error());

            c.sendTx("{\"type\":\"tx.result\",\"id\":\"t-2\",\"status\":\"committed\",\"stateVersion\":1}");
            TxResult r2 = c.results.computeIfAbsent("t-2", id -> new java.util.concurrent.CompletableFuture<>()).get(5, TimeUnit.SECONDS);
            assertEquals(TxStatus.REJECTED, r2.status());
            assertTrue(r2.error().contains("expected: tx.request"), r2.error());

            TxResult unknown = c.transact(GameTestClient.request("t-3", "juggle", TxJson.mapper().createObjectNode())).get(5, TimeUnit.SECONDS);
            assertEquals(TxStatus.REJECTED, unknown.status());
            assertTrue(unknown.error().startsWith("unknown_kind"), unknown.error());
            assertEquals(before + 3, node.edge.metrics().txMalformedCount());
        }
    }

    @Test
    void closedPeerLeavesTheRoomAndReleasesItsSession() throws Exception {
        GameTestClient a = join("leave", "a");
        GameTestClient b = join("leave", "b");
        try {
            b.startInputs(20);
            await("b sees a", 5_000, () -> b.latest.indexOf(a.playerId()) >= 0);
            a.close();
            await("a gone from b's view", 5_000, () -> b.latest.indexOf(a.playerId()) < 0);
            nextEvent(b, "player.left");
            await("one session left", 5_000, () -> node.edge.sessions() == 1);
        } finally {
            b.close();
        }
        await("no session left", 5_000, () -> node.edge.sessions() == 0 && node.edge.connectedPlayers() == 0);
    }

    @Test
    void slowClientsSnapshotsAreDroppedNotQueued() throws Exception {
        Vertx own = Vertx.vertx();
        double dropped = node.edge.metrics().snapshotsDropped(EdgeMetrics.SnapshotDrop.CONGESTION);
        try (GameTestClient c = GameTestClient.join(own, WebClient.create(own), node.httpPort(), "slow", "sloth", null)) {
            c.acks = false; // full snapshots every tick: ~20 KB/s once the coins are out
            c.startInputs(20);
            await("60 coins out", 10_000, () -> c.latest.size() >= 50);
            // freeze the client's event loop: it reads no datagram and acks no SCTP chunk for 2.5 s
            c.pc.context().runOnContext(v -> {
                try {
                    Thread.sleep(2_500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            await("congestion drops counted", 6_000,
                    () -> node.edge.metrics().snapshotsDropped(EdgeMetrics.SnapshotDrop.CONGESTION) > dropped);
            long after = c.snapshots.get();
            await("snapshots flow again after the stall", 10_000, () -> c.snapshots.get() > after + 10);
        } finally {
            own.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void drainSendsEveryPlayerADrainingEvent() throws Exception {
        Vertx v = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        try (TestNode n = TestNode.start(v, Map.of(), s -> s);
             GameTestClient a = GameTestClient.join(clientVertx, http, n.httpPort(), "d", "a", null);
             GameTestClient b = GameTestClient.join(clientVertx, http, n.httpPort(), "d2", "b", null)) {
            await("both players attached to their loops", 5_000, () -> n.edge.connectedPlayers() == 2);
            n.edge.drain().await(5, TimeUnit.SECONDS);
            for (GameTestClient c : List.of(a, b)) {
                nextEvent(c, "draining");
            }
            GameTestClient.JoinRefused refused = assertThrows(GameTestClient.JoinRefused.class,
                    () -> GameTestClient.join(clientVertx, http, n.httpPort(), "d", "late", null));
            assertEquals(503, refused.status);
            assertProblemType(refused, "draining");
        }
    }
}
