package dev.strafe.server.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strafe.protocol.tx.RoomEvent;
import dev.strafe.protocol.tx.TxJson;
import dev.strafe.protocol.tx.TxRequest;
import dev.strafe.protocol.tx.TxResult;
import dev.strafe.protocol.tx.TxStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoomLedgerTest {

    private RoomSettings settings;
    private RoomSimulation sim;
    private RoomLedger ledger;
    private RoomState state;
    private final Map<Integer, String> keys = new HashMap<>();
    private int ada;
    private int bob;

    @BeforeEach
    void setUp() {
        settings = RoomSettings.defaults().withCoins(64, 1_000_000).withCapacity(64);
        sim = new RoomSimulation(settings, 1);
        ledger = new RoomLedger(settings);
        state = new RoomState();
        ada = player("ada-key");
        bob = player("bob-key");
    }

    private int player(String key) {
        int id = sim.join();
        keys.put(id, key);
        state.register(key, key);
        return id;
    }

    private TxOutcome run(int player, String id, String kind, String payload) {
        ObjectNode json;
        try {
            json = (ObjectNode) TxJson.mapper().readTree(payload);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        TxOutcome outcome = ledger.execute(state, sim, keys.get(player), player, new TxRequest(id, kind, json), keys::get);
        if (outcome.removedCoin() >= 0) {
            sim.removeCoin(outcome.removedCoin()); // what the room does once saved
        }
        return outcome;
    }

    private int coinNextTo(int player) {
        return sim.spawnCoinAt(sim.playerX(player), sim.playerY(player));
    }

    private void give(int player, int coins) {
        for (int i = 0; i < coins; i++) {
            assertEquals(TxStatus.COMMITTED, run(player, "give-" + player + "-" + state.stateVersion(), "pickup",
                    "{\"coinId\":" + coinNextTo(player) + "}").result().status());
        }
    }

    @Test
    void pickupCreditsOneCoinAndPublishesCoinPicked() {
        int coin = coinNextTo(ada);
        TxOutcome o = run(ada, "t1", "pickup", "{\"coinId\":" + coin + "}");
        assertEquals(TxResult.committed("t1", 1), o.result());
        assertEquals(1, state.balance("ada-key"));
        assertEquals(1, state.totalMinted());
        assertEquals(coin, o.removedCoin());
        RoomEvent e = o.event();
        assertEquals("coin.picked", e.kind());
        assertEquals(ada, e.data().get("player").intValue());
        assertEquals("t1", e.txId());
        assertEquals(1, e.stateVersion());
    }

    @Test
    void firstValidClaimOfACoinWins() {
        sim.placePlayer(bob, sim.playerX(ada), sim.playerY(ada));
        int coin = coinNextTo(ada);
        TxOutcome first = run(bob, "b1", "pickup", "{\"coinId\":" + coin + "}");
        TxOutcome second = run(ada, "a1", "pickup", "{\"coinId\":" + coin + "}");
        assertEquals(TxStatus.COMMITTED, first.result().status());
        assertEquals(TxResult.rejected("a1", "coin_gone", 1), second.result());
        assertNull(second.event());
        assertEquals(1, state.totalMinted());
        assertTrue(state.invariantsHold());
    }

    @Test
    void pickupFarFromTheCoinIsRejectedByServerPosition() {
        sim.placePlayer(ada, 0, 0);
        int coin = sim.spawnCoinAt(3000, 2000);
        assertEquals("too_far", run(ada, "t1", "pickup", "{\"coinId\":" + coin + "}").result().error());
        assertEquals(0, state.totalMinted());
    }

    @Test
    void buyingDebitsThePriceAndAddsTheItem() {
        give(ada, 6);
        TxOutcome o = run(ada, "buy-1", "buy", "{\"item\":\"speed-boots\"}");
        assertEquals(TxStatus.COMMITTED, o.result().status());
        assertEquals(1, state.balance("ada-key"));
        assertEquals(Map.of("speed-boots", 1), state.player("ada-key").inventory());
        assertEquals(5, state.totalSpent());
        assertEquals("shop.bought", o.event().kind());
        assertEquals("insufficient_funds", run(ada, "buy-2", "buy", "{\"item\":\"hat\"}").result().error());
        assertTrue(state.invariantsHold());
    }

    @Test
    void transferMovesCoinsBetweenPlayers() {
        give(ada, 4);
        TxOutcome o = run(ada, "tr-1", "transfer", "{\"to\":" + bob + ",\"amount\":3}");
        assertEquals(TxStatus.COMMITTED, o.result().status());
        assertEquals(1, state.balance("ada-key"));
        assertEquals(3, state.balance("bob-key"));
        assertEquals("coins.transferred", o.event().kind());
        assertEquals(3, o.event().data().get("amount").intValue());
        assertTrue(state.invariantsHold());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown kind          | steal    | {}                              | unknown_kind",
            "pickup without coin   | pickup   | {}                              | bad_payload",
            "pickup coin as string | pickup   | {\"coinId\":\"7\"}              | bad_payload",
            "pickup coin 0         | pickup   | {\"coinId\":0}                  | bad_payload",
            "pickup unknown coin   | pickup   | {\"coinId\":65000}              | coin_gone",
            "buy without item      | buy      | {}                              | bad_payload",
            "buy number item       | buy      | {\"item\":3}                    | bad_payload",
            "buy unknown item      | buy      | {\"item\":\"sword\"}            | unknown_item",
            "buy too expensive     | buy      | {\"item\":\"shield\"}           | insufficient_funds",
            "transfer to self      | transfer | {\"to\":SELF,\"amount\":1}      | self_transfer",
            "transfer to nobody    | transfer | {\"to\":999,\"amount\":1}       | unknown_recipient",
            "transfer zero         | transfer | {\"to\":BOB,\"amount\":0}       | invalid_amount",
            "transfer negative     | transfer | {\"to\":BOB,\"amount\":-5}      | invalid_amount",
            "transfer fraction     | transfer | {\"to\":BOB,\"amount\":1.5}     | invalid_amount",
            "transfer huge         | transfer | {\"to\":BOB,\"amount\":1e12}    | invalid_amount",
            "transfer too much     | transfer | {\"to\":BOB,\"amount\":3}       | insufficient_funds",
            "transfer without to   | transfer | {\"amount\":1}                  | bad_payload"})
    void rejectsInvalidTransactionsWithAMachineReadableError(String name, String kind, String payload, String error) {
        give(ada, 2);
        long version = state.stateVersion();
        TxOutcome o = run(ada, "bad", kind, payload.replace("SELF", "" + ada).replace("BOB", "" + bob));
        assertEquals(TxStatus.REJECTED, o.result().status());
        String code = o.result().error().split(":")[0];
        assertEquals(error, code, o.result().error());
        assertEquals(version, o.result().stateVersion());
        assertEquals(version, state.stateVersion());
        assertNull(o.event());
        assertEquals(2, state.balance("ada-key"));
        assertTrue(state.invariantsHold());
    }

    @Test
    void retriedIdReturnsTheFirstResultAndAppliesNothing() {
        give(ada, 5);
        TxOutcome first = run(ada, "x", "buy", "{\"item\":\"hat\"}");
        TxOutcome retry = run(ada, "x", "buy", "{\"item\":\"hat\"}");
        TxOutcome retryOther = run(ada, "x", "transfer", "{\"to\":" + bob + ",\"amount\":1}");
        assertTrue(retry.replay());
        assertSame(first.result(), retry.result());
        assertSame(first.result(), retryOther.result());
        assertEquals(2, state.balance("ada-key"));
        // a rejected first result is also what retries get, even once it would succeed
        TxOutcome rejected = run(bob, "y", "buy", "{\"item\":\"hat\"}");
        give(bob, 3);
        assertEquals(rejected.result(), run(bob, "y", "buy", "{\"item\":\"hat\"}").result());
        assertEquals(3, state.balance("bob-key"));
    }

    @Test
    void idsAreScopedPerPlayer() {
        give(ada, 1);
        give(bob, 1);
        assertEquals(TxStatus.COMMITTED, run(ada, "same", "transfer", "{\"to\":" + bob + ",\"amount\":1}").result().status());
        assertEquals(TxStatus.COMMITTED, run(bob, "same", "transfer", "{\"to\":" + ada + ",\"amount\":1}").result().status());
    }

    @Test
    void remembersTheLastWindowOfResultsPerPlayer() {
        settings = settings.withTxResultWindow(4);
        ledger = new RoomLedger(settings);
        for (int i = 0; i < 6; i++) {
            run(ada, "r" + i, "buy", "{\"item\":\"hat\"}");
        }
        assertEquals(4, state.player("ada-key").recentResults());
        assertNull(state.recentResult("ada-key", "r0"));
        assertNull(state.recentResult("ada-key", "r1"));
        assertNotNull(state.recentResult("ada-key", "r2"));
    }

    @Test
    void restoringACheckpointUndoesATransaction() {
        give(ada, 5);
        TxOutcome o = run(ada, "u", "transfer", "{\"to\":" + bob + ",\"amount\":2}");
        state.restore(o.undo());
        assertEquals(5, state.balance("ada-key"));
        assertEquals(0, state.balance("bob-key"));
        assertNull(state.recentResult("ada-key", "u"));
        assertEquals(5, state.stateVersion());
    }

    /**
     * A seeded storm: 20 players, pickups of shared coins from crowded spots, purchases, transfers and retries of
     * earlier ids (incl. ids of other players' kinds). After every step: no negative balance, conservation.
     * Each id applies at most once: the minted/spent/version counters equal what the committed first results imply.
     */
    @Test
    void economyInvariantsHoldUnderARandomStormWithRetries() {
        SplittableRandom random = new SplittableRandom(2024);
        List<Integer> players = new ArrayList<>(List.of(ada, bob));
        for (int i = 2; i < 20; i++) {
            players.add(player("key-" + i));
        }
        for (int p : players) {
            sim.placePlayer(p, 2000 + random.nextInt(-100, 100), 1500 + random.nextInt(-100, 100));
        }
        Map<String, TxResult> firstResults = new HashMap<>();
        List<String[]> sent = new ArrayList<>(); // player, id, kind, payload
        long committed = 0;
        for (int step = 0; step < 5_000; step++) {
            if (sim.coinCount() < 8) {
                sim.spawnCoinAt(2000 + random.nextInt(-150, 150), 1500 + random.nextInt(-150, 150));
            }
            String[] tx;
            if (!sent.isEmpty() && random.nextInt(4) == 0) {
                tx = sent.get(random.nextInt(sent.size())); // a retry of an earlier request
            } else {
                int p = players.get(random.nextInt(players.size()));
                String id = "p" + p + "-" + step;
                tx = switch (random.nextInt(3)) {
                    case 0 -> new String[]{"" + p, id, "pickup", "{\"coinId\":" + (sim.coinCount() == 0 ? 1 : sim.coinId(random.nextInt(sim.coinCount()))) + "}"};
                    case 1 -> new String[]{"" + p, id, "buy", "{\"item\":\"" + List.of("hat", "shield", "speed-boots", "sword").get(random.nextInt(4)) + "\"}"};
                    default -> new String[]{"" + p, id, "transfer", "{\"to\":" + players.get(random.nextInt(players.size())) + ",\"amount\":" + random.nextInt(-1, 6) + "}"};
                };
                sent.add(tx);
            }
            int p = Integer.parseInt(tx[0]);
            TxOutcome o = run(p, tx[1], tx[2], tx[3]);
            String scoped = keys.get(p) + "/" + tx[1];
            TxResult first = firstResults.putIfAbsent(scoped, o.result());
            if (first != null) {
                assertTrue(o.replay(), "retry of " + scoped + " re-applied");
                assertEquals(first, o.result());
            } else if (o.result().status() == TxStatus.COMMITTED) {
                committed++;
            }
            assertTrue(state.invariantsHold(), "step " + step + ": " + state);
        }
        assertEquals(committed, state.stateVersion(), "each committed id applied exactly once");
        assertTrue(state.totalMinted() > 50, "storm too tame: " + state);
        assertTrue(state.totalSpent() > 0, "storm too tame: " + state);
        assertFalse(firstResults.isEmpty());
    }
}
