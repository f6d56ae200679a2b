package dev.strafe.server.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strafe.protocol.pos.Input;
import dev.strafe.protocol.tx.RoomEvent;
import dev.strafe.protocol.tx.TxJson;
import dev.strafe.protocol.tx.TxRequest;
import dev.strafe.protocol.tx.TxResult;
import dev.strafe.protocol.tx.TxStatus;
import dev.strafe.server.cluster.InMemoryRoomStateStore;
import dev.strafe.server.cluster.LocalRoomDirectory;
import dev.strafe.server.room.RoomMessages.JoinedRoom;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The room role over the event bus, through {@link RoomGateway}, as the edge uses it (one node). */
@ExtendWith(VertxExtension.class)
class RoomVerticleTest {

    /** 60 Hz, coins every tick, a pickup radius covering the arena: frames and coins come quickly. */
    private static final RoomSettings FAST = RoomSettings.defaults().withTickRate(60).withCoins(16, 1)
            .withPickupRadiusCm(10_000).withReapGraceMillis(60_000);

    private Vertx vertx;
    private Rooms rooms;
    private RoomGateway gateway;
    private InMemoryRoomStateStore store;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext context) {
        this.vertx = vertx;
        store = new InMemoryRoomStateStore();
        registry = new SimpleMeterRegistry();
        Map<String, RoomSettings> special = Map.of(
                "small", FAST.withCapacity(2),
                "brief", FAST.withReapGraceMillis(0));
        Rooms.deploy(vertx, "node-a", id -> special.getOrDefault(id, FAST), new LocalRoomDirectory(), store,
                        new RoomMetrics(registry))
                .onComplete(context.succeeding(r -> {
                    rooms = r;
                    gateway = r.gateway();
                    context.completeNow();
                }));
    }

    @AfterEach
    void undeploy(VertxTestContext context) {
        vertx.undeploy(vertx.deploymentIDs().iterator().next())
                .onComplete(context.succeeding(v -> context.verify(() -> {
                    assertEquals(0, rooms.metrics().rooms(), "rooms (and their tick timers) left open");
                    assertEquals(0, rooms.metrics().players());
                    context.completeNow();
                })));
    }

    @Test
    void inputMovesThePlayerInPublishedFramesAndATransactionCommitsWithAnEvent(VertxTestContext context) {
        Promise<RoomEvent> picked = Promise.promise();
        gateway.join("arena", "ada", null).compose(joined -> {
            int me = joined.playerId();
            assertEquals(60, joined.config().tickRate());
            MessageConsumer<RoomEvent> events = gateway.subscribeEvents("arena", e -> {
                if (e.kind().equals("coin.picked")) {
                    picked.tryComplete(e);
                }
            });
            return events.completion().compose(v -> awaitFrame("arena", f -> f.indexOf(me) >= 0)).compose(start -> {
                int x0 = start.x(start.indexOf(me));
                int direction = x0 < 2000 ? 127 : -127;
                for (int seq = 1; seq <= 5; seq++) {
                    gateway.sendInput("arena", me, new Input().sequence(seq).moveX(direction));
                }
                return awaitFrame("arena", f -> f.lastProcessedInputSequenceOf(me) == 5).map(f -> {
                    int moved = f.x(f.indexOf(me)) - x0;
                    assertEquals(5 * 10 * Integer.signum(direction), moved, 5.0, "moved " + moved + " cm");
                    return f;
                });
            }).compose(f -> awaitFrame("arena", frame -> coinIn(frame) > 0))
                    .compose(f -> gateway.transact("arena", me, pickup("t-1", coinIn(f))))
                    .compose(result -> {
                        assertEquals(TxResult.committed("t-1", 1), result);
                        return picked.future();
                    }).map(event -> {
                        assertEquals("t-1", event.txId());
                        assertEquals(me, event.data().get("player").intValue());
                        assertEquals(1, event.data().get("balance").intValue());
                        return events.unregister();
                    });
        }).onComplete(context.succeedingThenComplete());
    }

    @Test
    void aFullRoomRefusesTheJoinWithRoomFull(VertxTestContext context) {
        gateway.join("small", "a", null)
                .compose(a -> gateway.join("small", "b", null))
                .compose(b -> gateway.join("small", "c", null))
                .onComplete(context.failing(e -> context.verify(() -> {
                    assertEquals(RoomError.ROOM_FULL, RoomError.of(e));
                    assertEquals(409, ((ReplyException) e).failureCode());
                    assertEquals("room small: 2 players (expected: < 2)", e.getMessage());
                    context.completeNow();
                })));
    }

    @Test
    void aRetriedIdAfterLeaveAndRejoinWithTheSameKeyReturnsTheFirstResult(VertxTestContext context) {
        gateway.join("arena", "ada", "player-7").compose(first -> {
            assertFalse(first.resumed());
            assertEquals("player-7", first.playerKey());
            return awaitFrame("arena", f -> coinIn(f) > 0)
                    .compose(f -> gateway.transact("arena", first.playerId(), pickup("t-1", coinIn(f))))
                    .compose(committed -> gateway.leave("arena", first.playerId())
                            .compose(v -> gateway.join("arena", "ada again", "player-7"))
                            .compose(again -> {
                                assertTrue(again.resumed());
                                // a new coin id: if the id were applied again it would commit a second coin
                                return awaitFrame("arena", f -> coinIn(f) > 0).compose(f ->
                                        gateway.transact("arena", again.playerId(), pickup("t-1", coinIn(f))));
                            })
                            .map(retried -> {
                                assertEquals(committed, retried);
                                assertEquals(1, store.peek("arena").balance("player-7"));
                                assertEquals(1, store.peek("arena").totalMinted());
                                return retried;
                            }));
        }).onComplete(context.succeedingThenComplete());
    }

    @Test
    void anEmptyRoomIsReapedAndReopensWithItsDurableState(VertxTestContext context) {
        gateway.join("brief", "ada", "k-ada")
                .compose(joined -> awaitFrame("brief", f -> coinIn(f) > 0)
                        .compose(f -> gateway.transact("brief", joined.playerId(), pickup("p-1", coinIn(f))))
                        .compose(result -> gateway.leave("brief", joined.playerId()).map(result)))
                .compose(result -> awaitRoomsListed(0).map(result))
                .compose(result -> {
                    assertEquals(0, rooms.metrics().rooms());
                    return gateway.join("brief", "ada", "k-ada")
                            .compose(again -> {
                                assertTrue(again.resumed(), "balance and results restored from the store");
                                return gateway.transact("brief", again.playerId(), pickup("p-1", 1));
                            })
                            .map(retried -> {
                                assertEquals(result, retried);
                                return retried;
                            });
                })
                .compose(v -> gateway.rooms())
                .onComplete(context.succeeding(list -> context.verify(() -> {
                    assertEquals(1, list.size());
                    assertEquals("node-a", list.getFirst().ownerNode());
                    assertEquals(1, list.getFirst().players());
                    assertEquals(32, list.getFirst().capacity());
                    context.completeNow();
                })));
    }

    @Test
    void economyInvariantsHoldUnderConcurrentAndRetriedTransactionsOverTheEventBus(VertxTestContext context) {
        int players = 12;
        List<Future<JoinedRoom>> joins = new ArrayList<>();
        for (int i = 0; i < players; i++) {
            joins.add(gateway.join("storm", "p" + i, "key-" + i));
        }
        Future.all(joins).compose(all -> {
            List<JoinedRoom> joined = all.list();
            SplittableRandom random = new SplittableRandom(99);
            List<Future<TxResult>> results = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            return awaitFrame("storm", f -> f.entityCount() >= players + 8).compose(frame -> {
                for (int n = 0; n < 600; n++) {
                    JoinedRoom p = joined.get(random.nextInt(players));
                    String id = "tx-" + p.playerId() + "-" + random.nextInt(40); // many collide: retries, also concurrent
                    ids.add(p.playerId() + "/" + id);
                    TxRequest request = switch (random.nextInt(3)) {
                        case 0 -> pickup(id, frame.id(players + random.nextInt(frame.entityCount() - players))); // a coin
                        case 1 -> tx(id, "buy", TxJson.mapper().createObjectNode().put("item", random.nextBoolean() ? "hat" : "shield"));
                        default -> tx(id, "transfer", TxJson.mapper().createObjectNode()
                                .put("to", joined.get(random.nextInt(players)).playerId()).put("amount", random.nextInt(0, 4)));
                    };
                    // more than rooms.tx.pending at once may fail OVERLOADED: not applied, no result to compare
                    results.add(gateway.transact("storm", p.playerId(), request).recover(e -> {
                        assertEquals(RoomError.OVERLOADED, RoomError.of(e));
                        return Future.succeededFuture(null);
                    }));
                }
                return Future.all(results);
            }).compose(done -> {
                Map<String, TxResult> first = new HashMap<>();
                long committedIds = 0;
                for (int i = 0; i < results.size(); i++) {
                    TxResult r = results.get(i).result();
                    if (r == null) {
                        continue;
                    }
                    TxResult earlier = first.putIfAbsent(ids.get(i), r);
                    if (earlier != null) {
                        assertEquals(earlier, r, "a retry of " + ids.get(i) + " got another result");
                    } else if (r.status() == TxStatus.COMMITTED) {
                        committedIds++;
                    }
                }
                long expectedVersion = committedIds;
                return rooms.verticle().inspect("storm", room -> room.state().copy()).map(state -> {
                    assertTrue(state.invariantsHold(), state.toString());
                    assertEquals(expectedVersion, state.stateVersion(), "each committed id applied once");
                    assertTrue(state.totalMinted() >= 5 && expectedVersion >= 10, "storm too tame: " + state);
                    RoomState saved = store.peek("storm");
                    assertEquals(state.stateVersion(), saved.stateVersion());
                    assertTrue(saved.invariantsHold());
                    return state;
                });
            });
        }).onComplete(context.succeedingThenComplete());
    }

    @Test
    void aFailedSaveRepliesFailedAppliesNothingAndTheRetryCommits(VertxTestContext context) {
        gateway.join("arena", "ada", "k-1").compose(joined -> awaitFrame("arena", f -> coinIn(f) > 0).compose(f -> {
            store.failNextSaves(1);
            int coin = coinIn(f);
            return gateway.transact("arena", joined.playerId(), pickup("s-1", coin)).compose(failed -> {
                assertEquals(TxStatus.FAILED, failed.status());
                assertEquals("storage_unavailable", failed.error());
                assertEquals(0, failed.stateVersion());
                return gateway.transact("arena", joined.playerId(), pickup("s-1", coin));
            });
        })).onComplete(context.succeeding(retried -> context.verify(() -> {
            assertEquals(TxResult.committed("s-1", 1), retried);
            assertEquals(1, store.peek("arena").totalMinted());
            context.completeNow();
        })));
    }

    @Test
    void refusesUnknownPlayersMalformedInputAndJoinsWhileDraining(VertxTestContext context) {
        gateway.join("arena", "ada", null).compose(joined -> {
            gateway.sendInput("arena", joined.playerId(), new byte[]{1, 2, 3}, 0, 3);
            return gateway.transact("arena", 999, pickup("u-1", 1)).<Void>mapEmpty().recover(e -> {
                assertEquals(RoomError.UNKNOWN_PLAYER, RoomError.of(e));
                return gateway.leave("arena", 999);
            }).recover(e -> {
                assertEquals(RoomError.UNKNOWN_PLAYER, RoomError.of(e));
                return gateway.join("bad room!", "ada", null).mapEmpty();
            }).recover(e -> {
                assertEquals(RoomError.BAD_REQUEST, RoomError.of(e));
                rooms.verticle().drain();
                return gateway.join("arena", "bob", null).mapEmpty();
            });
        }).onComplete(context.failing(e -> context.verify(() -> {
            assertEquals(RoomError.DRAINING, RoomError.of(e));
            assertEquals(1.0, registry.get("strafe.room.inputs.dropped").tag("reason", "malformed").counter().count());
            assertNotEquals(0, registry.get("strafe.room.tick.duration").timer().count());
            context.completeNow();
        })));
    }

    // ------------------------------------------------------------------ helpers

    private static TxRequest pickup(String id, int coin) {
        return tx(id, "pickup", TxJson.mapper().createObjectNode().put("coinId", coin));
    }

    private static TxRequest tx(String id, String kind, ObjectNode payload) {
        return new TxRequest(id, kind, payload);
    }

    /** The id of some coin in the frame, or 0. */
    private static int coinIn(WorldFrame frame) {
        for (int i = 0; i < frame.entityCount(); i++) {
            if (frame.kind(i) == RoomSimulation.KIND_COIN) {
                return frame.id(i);
            }
        }
        return 0;
    }

    private Future<WorldFrame> awaitFrame(String roomId, Predicate<WorldFrame> condition) {
        Promise<WorldFrame> found = Promise.promise();
        MessageConsumer<WorldFrame> consumer = gateway.subscribeState(roomId, frame -> {
            if (condition.test(frame)) {
                found.tryComplete(frame);
            }
        });
        return found.future().compose(f -> consumer.unregister().map(f));
    }

    private Future<Void> awaitRoomsListed(int count) {
        Promise<Void> done = Promise.promise();
        long timer = vertx.setPeriodic(5, id -> gateway.rooms().onSuccess(list -> {
            if (list.size() == count) {
                done.tryComplete();
            }
        }));
        return done.future().onComplete(v -> vertx.cancelTimer(timer));
    }
}
