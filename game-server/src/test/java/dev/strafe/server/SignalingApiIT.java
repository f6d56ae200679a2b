package dev.strafe.server;

import dev.strafe.protocol.tx.JoinRequest;
import dev.strafe.protocol.tx.Problem;
import dev.strafe.protocol.tx.TxJson;
import dev.strafe.server.auth.Tokens;
import dev.strafe.server.http.RoomListing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The signaling API of a real node on a free loopback port, with an in-process {@link FakeEdge}: every status
 * of the join endpoint with its problem details, tokens, resume, limits, the directory and readiness.
 */
@ExtendWith(VertxExtension.class)
class SignalingApiIT {

    static final String SECRET = "0123456789abcdef0123456789abcdef-test-secret";
    static final String OFFER = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n";

    private Vertx vertx;
    private WebClient client;
    private FakeEdge edge;
    private Node node;
    /** Signs tokens the way a game backend holding {@code auth.secret} would. */
    private Tokens backend;

    static ServerConfig config(JsonObject overrides) {
        JsonObject json = ServerConfig.defaults()
                .mergeIn(new JsonObject()
                        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                        .put("udp", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                        .put("auth", new JsonObject().put("secret", SECRET)), true)
                .mergeIn(overrides, true);
        return ServerConfig.fromJson(json);
    }

    @BeforeEach
    void startNode(Vertx vertx, VertxTestContext ctx) {
        this.vertx = vertx;
        client = WebClient.create(vertx);
        edge = new FakeEdge();
        backend = Tokens.create(vertx, config(new JsonObject()).auth());
        RoomListing rooms = () -> Future.succeededFuture(List.of(
                new dev.strafe.server.cluster.RoomInfo("arena", 3, 32, "node-a"), new dev.strafe.server.cluster.RoomInfo("lobby", 0, 16, "node-b")));
        Main.start(vertx, config(new JsonObject()), edge, rooms).onComplete(ctx.succeeding(n -> {
            node = n;
            ctx.completeNow();
        }));
    }

    private Future<HttpResponse<Buffer>> post(Node target, String path, String body) {
        return client.post(target.httpPort(), "127.0.0.1", path).putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer(body));
    }

    private Future<HttpResponse<Buffer>> join(String room, JoinRequest request) {
        return post(node, "/v1/rooms/" + room + "/join", TxJson.write(request));
    }

    private Future<String> guestToken(String name) {
        return post(node, "/v1/auth/guest", new JsonObject().put("name", name).encode())
                .map(resp -> {
                    assertEquals(200, resp.statusCode(), resp.bodyAsString());
                    return resp.bodyAsJsonObject().getString("token");
                });
    }

    /** Asserts an RFC 9457 answer and returns it. */
    static Problem assertProblem(HttpResponse<Buffer> resp, int status, String slug) {
        assertEquals(status, resp.statusCode(), resp.bodyAsString());
        assertEquals(Problem.MEDIA_TYPE, resp.getHeader("content-type"));
        Problem problem = TxJson.read(resp.bodyAsString(), Problem.class);
        assertEquals(status, problem.status());
        assertEquals("urn:strafe:problem:" + slug, problem.type());
        assertFalse(problem.title().isBlank());
        return problem;
    }

    // ---- success, tokens, resume

    @Test
    void guestTokenThenJoinAnswersWithTheEdgesAnswerAndASignedResumeToken(VertxTestContext ctx) {
        post(node, "/v1/auth/guest", "{\"name\":\"alice\"}").compose(guest -> {
            JsonObject g = guest.bodyAsJsonObject();
            assertEquals(200, guest.statusCode());
            assertEquals(900, g.getLong("expiresIn"));
            assertTrue(g.getString("playerKey").startsWith("g-"));
            return join("arena", new JoinRequest(OFFER, "alice", g.getString("token"), null)).map(resp -> {
                assertEquals(200, resp.statusCode(), resp.bodyAsString());
                JsonObject body = resp.bodyAsJsonObject();
                assertTrue(body.getString("answer").startsWith("v=0"));
                assertEquals("s1", body.getString("sessionId"));
                assertEquals(1, body.getInteger("playerId"));
                assertEquals("arena", body.getJsonObject("room").getString("id"));
                assertTrue(body.getString("resumeToken").startsWith("r1."), "the HTTP layer replaces the edge's placeholder");
                assertEquals(List.of(g.getString("playerKey")), edge.playerKeys, "the token's subject is the player key");
                return null;
            });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void resumeTokenKeepsThePlayerKeyAcrossJoins(VertxTestContext ctx) {
        guestToken("bob")
                .compose(token -> join("arena", new JoinRequest(OFFER, "bob", token, null)))
                .compose(first -> {
                    String resume = first.bodyAsJsonObject().getString("resumeToken");
                    // no join token at all: the resume token alone proves the identity (the join token may have expired)
                    return join("arena", new JoinRequest(OFFER, "bob", null, resume));
                })
                .onComplete(ctx.succeeding(second -> ctx.verify(() -> {
                    assertEquals(200, second.statusCode(), second.bodyAsString());
                    assertEquals(2, edge.playerKeys.size());
                    assertEquals(edge.playerKeys.get(0), edge.playerKeys.get(1));
                    ctx.completeNow();
                })));
    }

    @Test
    void resumeTokenOfAnotherRoomIsRefused(VertxTestContext ctx) {
        guestToken("carol")
                .compose(token -> join("arena", new JoinRequest(OFFER, "carol", token, null)))
                .compose(first -> join("lobby", new JoinRequest(OFFER, "carol", null, first.bodyAsJsonObject().getString("resumeToken"))))
                .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                    assertEquals("resume token: issued for another room", assertProblem(resp, 401, "unauthorized").detail());
                    ctx.completeNow();
                })));
    }

    @Test
    void anExpiredResumeTokenFallsBackToAValidJoinToken(VertxTestContext ctx) {
        long now = System.currentTimeMillis() / 1000;
        String token = backend.sign(new JsonObject().put("sub", "account-7").put("exp", now + 60));
        String stale = backend.resume().mint("arena", "account-7", System.currentTimeMillis() - 86_400_000L);
        join("arena", new JoinRequest(OFFER, "kate", token, stale)).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertEquals(200, resp.statusCode(), resp.bodyAsString());
            assertEquals(List.of("account-7"), edge.playerKeys);
            ctx.completeNow();
        })));
    }

    @Test
    void tamperedResumeTokenIsRefused(VertxTestContext ctx) {
        String forged = backend.resume().mint("arena", "someone-else", System.currentTimeMillis()).replaceFirst("\\.[^.]+$", ".AAAA");
        join("arena", new JoinRequest(OFFER, "mallory", null, forged)).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertEquals("resume token: bad signature", assertProblem(resp, 401, "unauthorized").detail());
            assertTrue(edge.playerKeys.isEmpty());
            ctx.completeNow();
        })));
    }

    @Test
    void joinWithoutTokenIs401(VertxTestContext ctx) {
        join("arena", new JoinRequest(OFFER, "dave", null, null)).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            Problem p = assertProblem(resp, 401, "unauthorized");
            assertTrue(p.detail().startsWith("token: missing"), p.detail());
            assertEquals("/v1/rooms/arena/join", p.instance());
            ctx.completeNow();
        })));
    }

    @Test
    void tamperedTokenIs401(VertxTestContext ctx) {
        guestToken("erin").compose(token -> {
            String[] parts = token.split("\\.");
            String otherPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    "{\"sub\":\"admin\",\"iss\":\"strafe\",\"aud\":\"strafe-join\",\"exp\":9999999999}".getBytes());
            return join("arena", new JoinRequest(OFFER, "erin", parts[0] + "." + otherPayload + "." + parts[2], null));
        }).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertProblem(resp, 401, "unauthorized");
            assertTrue(edge.playerKeys.isEmpty());
            ctx.completeNow();
        })));
    }

    @Test
    void unsignedAlgNoneTokenIs401(VertxTestContext ctx) {
        var b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String none = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes()) + "."
                + b64.encodeToString("{\"sub\":\"admin\",\"iss\":\"strafe\",\"aud\":\"strafe-join\",\"exp\":9999999999}".getBytes()) + ".";
        join("arena", new JoinRequest(OFFER, "frank", none, null)).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertProblem(resp, 401, "unauthorized");
            ctx.completeNow();
        })));
    }

    @Test
    void expiredTokenIs401(VertxTestContext ctx) {
        long now = System.currentTimeMillis() / 1000;
        String expired = backend.sign(new JsonObject().put("sub", "p-1").put("exp", now - 60));
        join("arena", new JoinRequest(OFFER, "gina", expired, null)).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertEquals("token: expired", assertProblem(resp, 401, "unauthorized").detail());
            ctx.completeNow();
        })));
    }

    @Test
    void tokenWithoutExpiryIs401(VertxTestContext ctx) {
        String forever = backend.sign(new JsonObject().put("sub", "p-1"));
        join("arena", new JoinRequest(OFFER, "gus", forever, null)).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertEquals("token: no expiry (expected: claim 'exp')", assertProblem(resp, 401, "unauthorized").detail());
            ctx.completeNow();
        })));
    }

    @Test
    void tokenWithASubjectTheRoomsCannotTakeIs401(VertxTestContext ctx) {
        long now = System.currentTimeMillis() / 1000;
        String odd = backend.sign(new JsonObject().put("sub", "user@example.com").put("exp", now + 60));
        join("arena", new JoinRequest(OFFER, "hal", odd, null)).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertEquals("token: subject of length 16 (expected: a player key, 1..64 chars [A-Za-z0-9._:-])",
                    assertProblem(resp, 401, "unauthorized").detail());
            ctx.completeNow();
        })));
    }

    @Test
    void tokenForAnotherAudienceIs401(VertxTestContext ctx) {
        long now = System.currentTimeMillis() / 1000;
        String other = backend.sign(new JsonObject().put("sub", "p-1").put("aud", "billing").put("exp", now + 60));
        join("arena", new JoinRequest(OFFER, "hank", other, null)).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertProblem(resp, 401, "unauthorized");
            ctx.completeNow();
        })));
    }

    @Test
    void backendSignedTokenCarriesItsSubjectAsPlayerKey(VertxTestContext ctx) {
        long now = System.currentTimeMillis() / 1000;
        String token = backend.sign(new JsonObject().put("sub", "account-42").put("exp", now + 60));
        join("arena", new JoinRequest(OFFER, "ivy", token, null)).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertEquals(200, resp.statusCode(), resp.bodyAsString());
            assertEquals(List.of("account-42"), edge.playerKeys);
            ctx.completeNow();
        })));
    }

    // ---- request errors

    @Test
    void malformedJsonIs400(VertxTestContext ctx) {
        post(node, "/v1/rooms/arena/join", "{\"offer\": ").onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertProblem(resp, 400, "malformed-request");
            ctx.completeNow();
        })));
    }

    @Test
    void missingOfferIs400WithTheFieldName(VertxTestContext ctx) {
        post(node, "/v1/rooms/arena/join", "{\"name\":\"x\"}").onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            Problem p = assertProblem(resp, 400, "malformed-request");
            assertTrue(p.detail().contains("offer: missing"), p.detail());
            ctx.completeNow();
        })));
    }

    @Test
    void unknownFieldIs400(VertxTestContext ctx) {
        post(node, "/v1/rooms/arena/join", "{\"offer\":\"v=0\",\"name\":\"x\",\"admin\":true}").onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertProblem(resp, 400, "malformed-request");
            ctx.completeNow();
        })));
    }

    @Test
    void malformedSdpFromTheEdgeIs400(VertxTestContext ctx) {
        guestToken("jo").compose(token -> join("arena", new JoinRequest("garbage", "jo", token, null)))
                .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                    assertEquals("sdp: line 1: 'garbage' (expected: v=0)", assertProblem(resp, 400, "malformed-sdp").detail());
                    ctx.completeNow();
                })));
    }

    @Test
    void invalidRoomIdIs400(VertxTestContext ctx) {
        post(node, "/v1/rooms/" + "r".repeat(65) + "/join", "{}").compose(tooLong -> {
            assertProblem(tooLong, 400, "malformed-request");
            return post(node, "/v1/rooms/bad%20room/join", "{}");
        }).onComplete(ctx.succeeding(badChar -> ctx.verify(() -> {
            Problem p = assertProblem(badChar, 400, "malformed-request");
            assertEquals("room: 'bad room' (expected: 1..64 chars [A-Za-z0-9._-])", p.detail());
            ctx.completeNow();
        })));
    }

    @Test
    void bodyAboveTheLimitIs413(VertxTestContext ctx) {
        String big = "{\"offer\":\"" + "a".repeat(40_000) + "\",\"name\":\"x\"}";
        post(node, "/v1/rooms/arena/join", big).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            Problem p = assertProblem(resp, 413, "payload-too-large");
            assertEquals("body above 32768 bytes (expected: <= 32768)", p.detail());
            ctx.completeNow();
        })));
    }

    @Test
    void roomFullIs409(VertxTestContext ctx) {
        guestToken("kim").compose(token -> join("full", new JoinRequest(OFFER, "kim", token, null)))
                .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                    assertProblem(resp, 409, "room-full");
                    ctx.completeNow();
                })));
    }

    @Test
    void unexpectedEdgeFailureIs500WithoutInternals(VertxTestContext ctx) {
        guestToken("lee").compose(token -> join("boom", new JoinRequest(OFFER, "lee", token, null)))
                .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                    Problem p = assertProblem(resp, 500, "internal");
                    assertFalse(resp.bodyAsString().contains("hunter2"), resp.bodyAsString());
                    assertTrue(p.detail().startsWith("internal error (ref "), p.detail());
                    ctx.completeNow();
                })));
    }

    @Test
    void nodeAtCapacityIs503Overloaded(VertxTestContext ctx) {
        edge.players.set(1000);
        guestToken("max").compose(token -> join("arena", new JoinRequest(OFFER, "max", token, null)))
                .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                    assertProblem(resp, 503, "overloaded");
                    assertEquals("5", resp.getHeader("retry-after"));
                    ctx.completeNow();
                })));
    }

    @Test
    void joinRateLimitIs429WithRetryAfter(VertxTestContext ctx) {
        ServerConfig strict = config(new JsonObject().put("limits", new JsonObject().put("joinBurst", 2).put("joinRatePerSecond", 0.01)));
        Main.start(vertx, strict, edge, RoomListing.EMPTY).compose(limited -> {
            String body = TxJson.write(new JoinRequest(OFFER, "x", null, null));
            return post(limited, "/v1/rooms/arena/join", body)
                    .compose(r1 -> post(limited, "/v1/rooms/arena/join", body))
                    .compose(r2 -> {
                        assertEquals(401, r2.statusCode(), "two joins pass the limiter (and fail on the missing token)");
                        return post(limited, "/v1/rooms/arena/join", body);
                    });
        }).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertProblem(resp, 429, "rate-limited");
            long retryAfter = Long.parseLong(resp.getHeader("retry-after"));
            assertTrue(retryAfter >= 99 && retryAfter <= 100, "one token at 0.01/s: ~100 s, was " + retryAfter);
            ctx.completeNow();
        })));
    }

    @Test
    void behindATrustedProxyTheRateLimitIsPerForwardedClient(VertxTestContext ctx) {
        ServerConfig proxied = config(new JsonObject()
                .put("http", new JsonObject().put("trustForwardedFor", true))
                .put("limits", new JsonObject().put("joinBurst", 1).put("joinRatePerSecond", 0.01)));
        String body = TxJson.write(new JoinRequest(OFFER, "x", null, null));
        Main.start(vertx, proxied, edge, RoomListing.EMPTY).compose(n -> {
            java.util.function.Function<String, Future<HttpResponse<Buffer>>> from = forwarded -> client
                    .post(n.httpPort(), "127.0.0.1", "/v1/rooms/arena/join").putHeader("x-forwarded-for", forwarded)
                    .sendBuffer(Buffer.buffer(body));
            return from.apply("198.51.100.1, 203.0.113.1").compose(a1 -> {
                assertEquals(401, a1.statusCode());
                return from.apply("203.0.113.2"); // another client behind the same proxy: its own bucket
            }).compose(b1 -> {
                assertEquals(401, b1.statusCode());
                return from.apply("10.9.9.9, 203.0.113.1"); // a spoofed first entry does not buy a new bucket
            });
        }).onComplete(ctx.succeeding(a2 -> ctx.verify(() -> {
            assertProblem(a2, 429, "rate-limited");
            ctx.completeNow();
        })));
    }

    @Test
    void corsLetsAConfiguredOriginCallTheApiAndNoOther(VertxTestContext ctx) {
        ServerConfig cors = config(new JsonObject().put("http", new JsonObject()
                .put("corsOrigins", new io.vertx.core.json.JsonArray().add("https://game.example.com"))));
        Main.start(vertx, cors, edge, RoomListing.EMPTY).compose(n -> client
                .request(io.vertx.core.http.HttpMethod.OPTIONS, n.httpPort(), "127.0.0.1", "/v1/rooms/arena/join")
                .putHeader("origin", "https://game.example.com")
                .putHeader("access-control-request-method", "POST")
                .putHeader("access-control-request-headers", "content-type")
                .send()
                .compose(preflight -> {
                    assertEquals(204, preflight.statusCode());
                    assertEquals("https://game.example.com", preflight.getHeader("access-control-allow-origin"));
                    return client.get(n.httpPort(), "127.0.0.1", "/v1/rooms").putHeader("origin", "https://evil.example.net").send();
                }))
                .onComplete(ctx.succeeding(other -> ctx.verify(() -> {
                    assertEquals(403, other.statusCode(), "an unknown origin is refused");
                    ctx.completeNow();
                })));
    }

    @Test
    void unknownApiPathIsAProblem404(VertxTestContext ctx) {
        client.get(node.httpPort(), "127.0.0.1", "/v1/nope").send().onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertProblem(resp, 404, "not-found");
            ctx.completeNow();
        })));
    }

    @Test
    void guestTokenWithoutNameIs400(VertxTestContext ctx) {
        post(node, "/v1/auth/guest", "{}").onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertTrue(assertProblem(resp, 400, "malformed-request").detail().contains("name: missing"));
            ctx.completeNow();
        })));
    }

    // ---- auth disabled (development)

    @Test
    void authDisabledJoinsWithoutTokenAndAFreshKeyPerJoin(VertxTestContext ctx) {
        ServerConfig dev = config(new JsonObject().put("auth", new JsonObject().put("enabled", false).put("secret", "")));
        String body = TxJson.write(new JoinRequest(OFFER, "dev", null, null));
        Main.start(vertx, dev, edge, RoomListing.EMPTY)
                .compose(open -> post(open, "/v1/rooms/arena/join", body).compose(r1 -> {
                    assertEquals(200, r1.statusCode(), r1.bodyAsString());
                    return post(open, "/v1/rooms/arena/join", body).compose(r2 -> {
                        assertEquals(200, r2.statusCode(), r2.bodyAsString());
                        // resume still works in dev mode (the generated secret signs it)
                        String resume = r2.bodyAsJsonObject().getString("resumeToken");
                        return post(open, "/v1/rooms/arena/join", TxJson.write(new JoinRequest(OFFER, "dev", null, resume)));
                    });
                }))
                .onComplete(ctx.succeeding(r3 -> ctx.verify(() -> {
                    assertEquals(200, r3.statusCode(), r3.bodyAsString());
                    assertEquals(3, edge.playerKeys.size());
                    assertNotEquals(edge.playerKeys.get(0), edge.playerKeys.get(1));
                    assertEquals(edge.playerKeys.get(1), edge.playerKeys.get(2));
                    assertTrue(edge.playerKeys.get(0).startsWith("a-"));
                    ctx.completeNow();
                })));
    }

    // ---- directory, readiness, drain

    @Test
    void listsRoomsFromTheDirectory(VertxTestContext ctx) {
        client.get(node.httpPort(), "127.0.0.1", "/v1/rooms").send().onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertEquals(200, resp.statusCode());
            JsonObject arena = resp.bodyAsJsonObject().getJsonArray("rooms").getJsonObject(0);
            assertEquals(new JsonObject().put("id", "arena").put("players", 3).put("capacity", 32).put("ownerNode", "node-a"), arena);
            assertEquals(2, resp.bodyAsJsonObject().getJsonArray("rooms").size());
            ctx.completeNow();
        })));
    }

    @Test
    void drainTurnsReadinessAndJoinsTo503AndTellsTheEdge(VertxTestContext ctx) {
        client.get(node.httpPort(), "127.0.0.1", "/health/ready").send()
                .compose(before -> {
                    assertEquals(200, before.statusCode());
                    assertEquals("ready", before.bodyAsJsonObject().getString("phase"));
                    edge.players.set(3);
                    return node.drain();
                })
                .compose(v -> {
                    assertEquals(1, edge.drains.get(), "edge.drain() sends the draining event");
                    return client.get(node.httpPort(), "127.0.0.1", "/health/ready").send();
                })
                .compose(ready -> {
                    assertEquals(503, ready.statusCode());
                    assertEquals(new JsonObject().put("status", "DOWN").put("phase", "draining"), ready.bodyAsJsonObject());
                    return client.get(node.httpPort(), "127.0.0.1", "/health/live").send().compose(live -> {
                        assertEquals(200, live.statusCode(), "a draining node is alive");
                        return join("arena", new JoinRequest(OFFER, "late", null, null));
                    });
                })
                .compose(late -> {
                    assertProblem(late, 503, "draining");
                    assertEquals("1", late.getHeader("retry-after"));
                    return node.drain(); // idempotent
                })
                .compose(v -> node.stop())
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(1, edge.drains.get());
                    assertEquals("stopped", node.state().phase().label());
                    assertTrue(vertx.deploymentIDs().isEmpty(), "stop() undeploys the node's verticles");
                    ctx.completeNow();
                })));
    }

    @Test
    void drainWaitsForPlayersUpToTheGracePeriod(VertxTestContext ctx) {
        ServerConfig shortGrace = config(new JsonObject().put("drain", new JsonObject().put("graceMillis", 300)));
        edge.playersAfterDrain = 2; // they never leave
        Main.start(vertx, shortGrace, edge, RoomListing.EMPTY).compose(n -> {
            long start = System.nanoTime();
            return n.drain().map(v -> (System.nanoTime() - start) / 1_000_000);
        }).onComplete(ctx.succeeding(waitedMillis -> ctx.verify(() -> {
            assertTrue(waitedMillis >= 290 && waitedMillis < 5_000, "waited " + waitedMillis + " ms for a 300 ms grace");
            ctx.completeNow();
        })));
    }

    @Test
    void readinessIs503WhileStarting(VertxTestContext ctx) {
        dev.strafe.server.http.NodeState starting = new dev.strafe.server.http.NodeState();
        HttpVerticle http = new HttpVerticle(config(new JsonObject()), new HttpVerticle.Services(edge, RoomListing.EMPTY, starting,
                backend, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
        vertx.deployVerticle(http)
                .compose(id -> client.get(http.actualPort(), "127.0.0.1", "/health/ready").send())
                .compose(ready -> {
                    assertEquals(503, ready.statusCode());
                    assertEquals("starting", ready.bodyAsJsonObject().getString("phase"));
                    return client.post(http.actualPort(), "127.0.0.1", "/v1/rooms/arena/join").sendBuffer(Buffer.buffer("{}"));
                })
                .compose(join -> {
                    assertEquals("node is starting; retry shortly", assertProblem(join, 503, "draining").detail());
                    starting.markReady();
                    return client.get(http.actualPort(), "127.0.0.1", "/health/ready").send();
                })
                .onComplete(ctx.succeeding(ready -> ctx.verify(() -> {
                    assertEquals(200, ready.statusCode());
                    ctx.completeNow();
                })));
    }
}
