package dev.strafe.server.edge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strafe.protocol.pos.SnapshotState;
import dev.strafe.protocol.tx.RoomEvent;
import dev.strafe.protocol.tx.TxJson;
import dev.strafe.protocol.tx.TxRequest;
import dev.strafe.protocol.tx.TxResult;
import dev.strafe.protocol.tx.TxStatus;
import dev.strafe.server.room.RoomSimulation;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo economy through the real edge: players race for coins, buy and transfer concurrently, retry the same
 * transaction ids (also after a reconnect with the resume token), and an observer's event stream proves the
 * invariants: coins are conserved (minted by pickups, destroyed only by purchases), no balance goes negative,
 * every committed id has exactly one effect, a rejected one none, and every coin is picked up once.
 */
class EconomyIT {

    static final String ROOM = "bank";
    static final Map<String, Object> ROOMS = Map.of("custom", Map.of(ROOM, Map.of(
            "capacity", 8,
            "coins", Map.of("max", 40, "interval", 1, "radius", 8_000_000)))); // any player reaches any coin

    static Vertx serverVertx;
    static Vertx clientVertx;
    static TestNode node;
    static WebClient http;

    @BeforeAll
    static void start() throws Exception {
        serverVertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        clientVertx = Vertx.vertx();
        node = TestNode.start(serverVertx, ROOMS, s -> s);
        http = WebClient.create(clientVertx);
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        clientVertx.close().await(20, TimeUnit.SECONDS);
        node.close();
    }

    GameTestClient join(String name, String resume) throws Exception {
        GameTestClient c = GameTestClient.join(clientVertx, http, node.httpPort(), ROOM, name, resume);
        c.startInputs(20);
        return c;
    }

    static ObjectNode payload() {
        return TxJson.mapper().createObjectNode();
    }

    @Test
    void coinsAreConservedAndNoBalanceGoesNegativeUnderConcurrentAndRetriedTransactions() throws Exception {
        GameTestClient observer = join("observer", null);
        List<GameTestClient> players = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            players.add(join("p" + i, null));
        }
        Map<String, TxResult> results = new HashMap<>();
        Random random = new Random(42);
        try {
            // 1. race for coins: everyone claims every coin it sees, each request sent twice (a retry)
            List<CompletableFuture<TxResult>> inFlight = new ArrayList<>();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            int round = 0;
            while (System.nanoTime() < until) {
                round++;
                for (GameTestClient p : players) {
                    SnapshotState s = p.latest;
                    for (int i = 0; i < s.size(); i++) {
                        if (s.kind(i) == RoomSimulation.KIND_COIN) {
                            TxRequest r = new TxRequest("pick-" + p.playerId() + "-" + s.id(i) + "-" + round, "pickup",
                                    payload().put("coinId", s.id(i)));
                            inFlight.add(p.transact(r));
                            p.sendTx(TxJson.writeTx(r)); // same id again: must not apply twice
                        }
                    }
                }
                Thread.sleep(100);
            }
            collect(inFlight, results);
            long picked = results.values().stream().filter(r -> r.status() == TxStatus.COMMITTED).count();
            assertTrue(picked >= 10, "coins picked up: " + picked);

            // 2. concurrent transfers and purchases, some beyond the balance, every one retried once
            inFlight.clear();
            for (int n = 0; n < 60; n++) {
                GameTestClient from = players.get(random.nextInt(players.size()));
                GameTestClient to = players.get(random.nextInt(players.size()));
                TxRequest r = random.nextInt(3) == 0
                        ? new TxRequest("buy-" + n, "buy", payload().put("item", random.nextBoolean() ? "hat" : "shield"))
                        : new TxRequest("give-" + n, "transfer", payload().put("to", to.playerId()).put("amount", 1 + random.nextInt(6)));
                inFlight.add(from.transact(r));
                from.sendTx(TxJson.writeTx(r));
            }
            collect(inFlight, results);

            // 3. reconnect with the resume token (taking over the live session) and retry the last id
            GameTestClient first = players.get(0);
            TxRequest last = new TxRequest("last-0", "transfer", payload().put("to", players.get(1).playerId()).put("amount", 1));
            TxResult before = first.transact(last).get(10, TimeUnit.SECONDS);
            GameTestClient again = join("p0", first.join.resumeToken());
            assertEquals(first.playerId(), again.playerId(), "resuming a live player keeps its entity");
            players.set(0, again);
            TxResult retried = again.transact(last).get(10, TimeUnit.SECONDS);
            assertEquals(before, retried, "a retried id returns the first result");
            results.put(last.id(), before);
            first.close();

            // 4. a player that left and comes back with its resume token keeps its coins (new entity, same ledger key)
            GameTestClient second = players.get(1);
            TxRequest secondLast = new TxRequest("last-1", "buy", payload().put("item", "hat"));
            TxResult secondBefore = second.transact(secondLast).get(10, TimeUnit.SECONDS);
            second.close();
            EdgeIT.await("player left", 10_000, () -> observer.events.stream().anyMatch(e ->
                    e.kind().equals("player.left") && e.data().get("player").asInt() == second.playerId()));
            GameTestClient back = join("p1", second.join.resumeToken());
            players.set(1, back);
            assertEquals(secondBefore, back.transact(secondLast).get(10, TimeUnit.SECONDS), "retried after a reconnect");
            results.put(secondLast.id(), secondBefore);
            Map<Integer, Integer> alias = Map.of(back.playerId(), second.playerId());

            Thread.sleep(500); // the last events reach the observer
            checkInvariants(observer, results, alias);
        } finally {
            for (GameTestClient p : players) {
                p.close();
            }
            observer.close();
        }
    }

    static void collect(List<CompletableFuture<TxResult>> futures, Map<String, TxResult> into) throws Exception {
        for (CompletableFuture<TxResult> f : futures) {
            TxResult r = f.get(20, TimeUnit.SECONDS);
            TxResult prior = into.putIfAbsent(r.id(), r);
            if (prior != null) {
                assertEquals(prior, r, "one id, one result");
            }
        }
    }

    /** Replays the observer's events in stateVersion order and checks every invariant. */
    static void checkInvariants(GameTestClient observer, Map<String, TxResult> results, Map<Integer, Integer> alias) {
        List<RoomEvent> events = new ArrayList<>(observer.events);
        Map<Integer, Long> balance = new HashMap<>();
        Set<String> effects = new HashSet<>();
        Set<Integer> coins = new HashSet<>();
        long minted = 0;
        long spent = 0;
        long lastVersion = -1;
        for (RoomEvent e : events) {
            if (e.txId() == null) {
                continue; // player.joined / player.left
            }
            assertTrue(e.stateVersion() > lastVersion, "events in stateVersion order: " + e);
            lastVersion = e.stateVersion();
            assertTrue(effects.add(e.txId()), "one effect per transaction id: " + e.txId());
            switch (e.kind()) {
                case "coin.picked" -> {
                    int player = player(e, "player", alias);
                    assertTrue(coins.add(e.data().get("coin").asInt()), "coin picked once: " + e);
                    long b = balance.merge(player, e.data().get("value").asLong(), Long::sum);
                    minted += e.data().get("value").asLong();
                    assertEquals(b, e.data().get("balance").asLong(), "the room's balance of " + player + " after " + e.txId());
                }
                case "shop.bought" -> {
                    long b = balance.merge(player(e, "player", alias), -e.data().get("price").asLong(), Long::sum);
                    spent += e.data().get("price").asLong();
                    assertTrue(b >= 0, "balance after " + e.txId() + ": " + b);
                }
                case "coins.transferred" -> {
                    long amount = e.data().get("amount").asLong();
                    long b = balance.merge(player(e, "from", alias), -amount, Long::sum);
                    balance.merge(player(e, "to", alias), amount, Long::sum);
                    assertTrue(b >= 0, "balance after " + e.txId() + ": " + b);
                }
                default -> throw new AssertionError("unexpected event " + e);
            }
        }
        long total = balance.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(minted - spent, total, "coins conserved: minted " + minted + " - spent " + spent);
        for (TxResult r : results.values()) {
            if (r.status() == TxStatus.COMMITTED) {
                assertTrue(effects.contains(r.id()), "committed " + r.id() + " has its event");
            } else {
                assertFalse(effects.contains(r.id()), "rejected " + r.id() + " has no effect: " + r.error());
                assertNotNull(r.error());
            }
        }
        assertTrue(results.values().stream().anyMatch(r -> "insufficient_funds".equals(r.error())
                || "coin_gone".equals(r.error())), "the test exercised refusals");
    }

    static int player(RoomEvent e, String field, Map<Integer, Integer> alias) {
        int id = e.data().get(field).asInt();
        return alias.getOrDefault(id, id);
    }
}
