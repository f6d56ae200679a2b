package dev.strafe.webrtc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Controlling client ↔ ICE-lite server over a seeded lossy in-memory link, on a fake clock. */
class IceEndToEndTest {

    static final long MS = 1_000_000L;
    static final long S = 1_000 * MS;
    static final InetSocketAddress SERVER = IceLiteServerTest.addr("127.0.0.1", 3478);
    static final InetSocketAddress CLIENT = IceLiteServerTest.addr("127.0.0.1", 40000);
    static final InetSocketAddress CLIENT_REBOUND = IceLiteServerTest.addr("127.0.0.1", 40001);

    final IceCredentials serverCreds = new IceCredentials("srvUfrag", "serverpasswordserverpass");
    final IceCredentials clientCreds = new IceCredentials("cliUfrag", "clientpasswordclientpass");
    final RecordingListener serverEvents = new RecordingListener();
    final RecordingListener clientEvents = new RecordingListener();
    final IceCredentialsRegistry registry = new IceCredentialsRegistry(8);
    final IceLiteServer server = new IceLiteServer(registry);
    final IceLiteAgent serverAgent = new IceLiteAgent(serverCreds, clientCreds, IceLiteConfig.DEFAULT, serverEvents, 0);
    final byte[] out = new byte[IceLiteServer.MAX_RESPONSE_LENGTH];
    DatagramBridge bridge;
    IceControllingAgent client;
    InetSocketAddress clientAddress = CLIENT;
    long now;

    void setUp(long seed, double loss) {
        setUp(seed, loss, IceClientConfig.DEFAULT);
    }

    void setUp(long seed, double loss, IceClientConfig config) {
        registry.register(serverAgent);
        bridge = new DatagramBridge(seed, loss, 20 * MS);
        client = new IceControllingAgent(clientCreds, serverCreds, List.of(SERVER), config,
                new SplittableRandom(seed), clientEvents);
    }

    /** Runs the simulation until {@code until}, jumping from deadline to deadline. */
    void runUntil(long until) {
        int steps = 0;
        while (now <= until) {
            if (++steps > 1_000_000) {
                throw new AssertionError("simulation does not progress");
            }
            for (IceDatagram d; (d = client.poll()) != null; ) {
                bridge.send(d.data(), clientAddress, d.destination(), now);
            }
            for (DatagramBridge.InFlight d : bridge.tick(now)) {
                if (d.to().equals(SERVER)) {
                    int n = server.handle(d.data(), 0, d.data().length, d.from(), now, out, 0);
                    if (n > 0) {
                        bridge.send(java.util.Arrays.copyOf(out, n), SERVER, d.from(), now);
                    }
                } else if (d.to().equals(clientAddress)) {
                    client.handle(d.data(), 0, d.data().length, d.from(), now);
                }
            }
            client.onTimeout(now);
            serverAgent.onTimeout(now);
            long next = Math.min(Math.min(client.nextDeadline(), serverAgent.nextDeadline()), bridge.nextDelivery());
            if (client.poll() instanceof IceDatagram pending) {
                bridge.send(pending.data(), clientAddress, pending.destination(), now);
                continue;
            }
            if (next == Long.MAX_VALUE) {
                return;
            }
            now = Math.max(now + 1, next);
        }
    }

    @Test
    void connectsOverPerfectLink() {
        setUp(1, 0);
        client.start(0);
        runUntil(1 * S);
        assertEquals(IceConnectionState.CONNECTED, client.state());
        assertEquals(IceConnectionState.CONNECTED, serverAgent.state());
        assertEquals(SERVER, client.selectedAddress());
        assertEquals(CLIENT, serverAgent.selectedAddress());
        assertEquals(List.of("CHECKING", "path null->" + SERVER, "CONNECTED"), clientEvents.events);
        assertEquals(List.of("CHECKING", "path null->" + CLIENT, "CONNECTED"), serverEvents.events);
        assertEquals(1, server.stats().successResponses());
    }

    /** Regular nomination (as libjuice does): a plain check puts the lite peer in CHECKING, the nominated one connects. */
    @Test
    void connectsWithRegularNomination() {
        setUp(1, 0, IceClientConfig.DEFAULT.withRegularNomination(true));
        client.start(0);
        runUntil(40 * MS);
        assertEquals(IceConnectionState.CHECKING, serverAgent.state(), "after the first (not nominating) check");
        runUntil(1 * S);
        assertEquals(IceConnectionState.CONNECTED, client.state());
        assertEquals(IceConnectionState.CONNECTED, serverAgent.state());
        assertEquals(CLIENT, serverAgent.selectedAddress());
        assertEquals(List.of("CHECKING", "path null->" + CLIENT, "CONNECTED"), serverEvents.events);
        assertEquals(2, server.stats().successResponses(), "a check, then the nominating check");
    }

    @Test
    void retransmitsLostRequestsThenConnects() {
        setUp(2, 0);
        bridge.drop(3); // first request and two retransmissions lost: sent at 0, 500, 1500 ms; the 4th at 3500 ms
        client.start(0);
        runUntil(3 * S);
        assertEquals(IceConnectionState.CHECKING, client.state());
        runUntil(4 * S);
        assertEquals(IceConnectionState.CONNECTED, client.state());
        assertEquals(IceConnectionState.CONNECTED, serverAgent.state());
        assertEquals(1, server.stats().requests());
        assertEquals(3, bridge.lost);
        assertEquals(5, bridge.sent); // 4 requests, 1 response
    }

    @Test
    void connectsDespiteDuplicatedAndReorderedDatagrams() {
        setUp(6, 0);
        bridge.duplicate(4);
        bridge.reorder(2);
        client.start(0);
        runUntil(20 * S);
        assertEquals(IceConnectionState.CONNECTED, client.state());
        assertEquals(IceConnectionState.CONNECTED, serverAgent.state());
        assertTrue(client.ignoredResponses() >= 1, "duplicate responses are ignored"); // matched transaction is done
        assertEquals(List.of("CHECKING", "path null->" + CLIENT, "CONNECTED"), serverEvents.events);
    }

    @Test
    void failsAfterRfc8489TimeoutWhenEverythingIsLost() {
        setUp(3, 1.0);
        client.start(0);
        runUntil(39_500 * MS - 1);
        assertEquals(IceConnectionState.CHECKING, client.state());
        assertEquals(IceConnectionState.FAILED, serverAgent.state()); // never nominated within 30 s
        runUntil(40 * S);
        assertEquals(IceConnectionState.FAILED, client.state());
        assertEquals(7, bridge.sent); // Rc = 7 requests, then Rm x RTO = 8 s of waiting: 31.5 + 8 = 39.5 s
    }

    static Stream<Arguments> lossMatrix() {
        return Stream.of(0.0, 0.1, 0.2, 0.3).flatMap(loss -> Stream.of(11L, 12L, 13L, 14L, 15L)
                .map(seed -> Arguments.of(loss, seed)));
    }

    @ParameterizedTest(name = "loss {0}, seed {1}")
    @MethodSource("lossMatrix")
    void connectsAndKeepsConsentUnderLoss(double loss, long seed) {
        setUp(seed, loss);
        client.start(0);
        runUntil(120 * S);
        // a lost consent exchange may show DISCONNECTED for a while (disconnectedAfter 8 s), never FAILED
        assertTrue(clientEvents.events.contains("CONNECTED"), clientEvents.events::toString);
        assertTrue(!client.state().isTerminal(), clientEvents.events::toString);
        assertTrue(!serverAgent.state().isTerminal(), serverEvents.events::toString);
        assertEquals(CLIENT, serverAgent.selectedAddress());
        assertTrue(server.stats().successResponses() >= 8, server.stats()::toString);
        if (loss == 0) {
            assertEquals(List.of("CHECKING", "path null->" + SERVER, "CONNECTED"), clientEvents.events);
            assertEquals(List.of("CHECKING", "path null->" + CLIENT, "CONNECTED"), serverEvents.events);
        }
    }

    @Test
    void bothSidesFailWhenLinkDiesAfterConnecting() {
        setUp(4, 0);
        client.start(0);
        runUntil(10 * S);
        assertEquals(IceConnectionState.CONNECTED, client.state());
        long lastServerConsent = serverAgent.lastConsentNanos();
        bridge.loss(1.0);
        runUntil(lastServerConsent + 8 * S);
        assertEquals(IceConnectionState.DISCONNECTED, serverAgent.state());
        runUntil(lastServerConsent + 30 * S);
        assertEquals(IceConnectionState.FAILED, serverAgent.state());
        runUntil(80 * S);
        assertEquals(IceConnectionState.FAILED, client.state());
        assertEquals(List.of("CHECKING", "path null->" + SERVER, "CONNECTED", "DISCONNECTED", "FAILED"), clientEvents.events);
    }

    @Test
    void serverFollowsClientAcrossNatRebinding() {
        setUp(5, 0);
        client.start(0);
        runUntil(10 * S);
        assertEquals(CLIENT, serverAgent.selectedAddress());
        clientAddress = CLIENT_REBOUND; // the NAT gives the client a new public port
        runUntil(30 * S);
        assertEquals(CLIENT_REBOUND, serverAgent.selectedAddress());
        assertEquals(IceConnectionState.CONNECTED, serverAgent.state());
        assertEquals(IceConnectionState.CONNECTED, client.state());
        assertTrue(serverEvents.events.contains("path " + CLIENT + "->" + CLIENT_REBOUND), serverEvents.events::toString);
    }
}
