package dev.strafe.webrtc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strafe.webrtc.stun.ErrorCodeAttribute;
import dev.strafe.webrtc.stun.IceControlledAttribute;
import dev.strafe.webrtc.stun.IceControllingAttribute;
import dev.strafe.webrtc.stun.IntegrityKey;
import dev.strafe.webrtc.stun.PriorityAttribute;
import dev.strafe.webrtc.stun.StunClass;
import dev.strafe.webrtc.stun.StunDecoder;
import dev.strafe.webrtc.stun.StunMessage;
import dev.strafe.webrtc.stun.StunMessageView;
import dev.strafe.webrtc.stun.StunMethod;
import dev.strafe.webrtc.stun.StunWriter;
import dev.strafe.webrtc.stun.TransactionId;
import dev.strafe.webrtc.stun.UnknownAttribute;
import dev.strafe.webrtc.stun.UnknownAttributesAttribute;
import dev.strafe.webrtc.stun.UseCandidateAttribute;
import dev.strafe.webrtc.stun.UsernameAttribute;
import dev.strafe.webrtc.stun.XorMappedAddressAttribute;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IceLiteServerTest {

    static final long MS = 1_000_000L;
    static final long S = 1_000 * MS;
    static final IceCredentials LOCAL = new IceCredentials("srvU", "serverpasswordserverpass");
    static final IceCredentials REMOTE = new IceCredentials("brwU", "browserpasswordbrowserpw");
    static final InetSocketAddress A = addr("192.0.2.10", 50000);
    static final InetSocketAddress B = addr("198.51.100.7", 61000);

    final RecordingListener events = new RecordingListener();
    final IceCredentialsRegistry registry = new IceCredentialsRegistry(16);
    final IceLiteServer server = new IceLiteServer(registry);
    final IceLiteAgent agent = new IceLiteAgent(LOCAL, REMOTE, IceLiteConfig.DEFAULT, events, 0);
    final SplittableRandom random = new SplittableRandom(1);
    final byte[] out = new byte[IceLiteServer.MAX_RESPONSE_LENGTH];

    IceLiteServerTest() {
        registry.register(agent);
    }

    static InetSocketAddress addr(String host, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A check as a browser (controlling) sends it. */
    static final class Check {
        String username = LOCAL.ufrag() + ":" + REMOTE.ufrag();
        String password = LOCAL.pwd();
        boolean useCandidate;
        boolean priority = true;
        boolean controlled;
        boolean integrity = true;
        boolean fingerprint = true;
        boolean unknownRequired;
        StunClass cls = StunClass.REQUEST;
        TransactionId id = new TransactionId(0x0102030405060708L, 0x090a0b0c);

        byte[] bytes() {
            byte[] buf = new byte[256];
            StunWriter w = new StunWriter().begin(buf, 0, buf.length, StunMethod.BINDING, cls, id)
                    .attribute(new UsernameAttribute(username));
            if (priority) {
                w.attribute(new PriorityAttribute(0x6e7f1eff));
            }
            w.attribute(controlled ? new IceControlledAttribute(7) : new IceControllingAttribute(7));
            if (useCandidate) {
                w.attribute(UseCandidateAttribute.INSTANCE);
            }
            if (unknownRequired) {
                w.attribute(new UnknownAttribute(0x7f31, new byte[4]));
            }
            if (integrity) {
                w.integrity(IntegrityKey.shortTerm(password));
            }
            if (fingerprint) {
                w.fingerprint();
            }
            return Arrays.copyOf(buf, w.length());
        }
    }

    int send(Check check, InetSocketAddress from, long now) {
        byte[] request = check.bytes();
        int n = server.handle(request, 0, request.length, from, now, out, 0);
        assertTrue(n <= request.length, "response " + n + " larger than request " + request.length);
        return n;
    }

    StunMessage response(int n) throws Exception {
        StunMessageView view = new StunMessageView().wrap(out, 0, n);
        assertTrue(view.hasFingerprint());
        assertTrue(view.verifyIntegrity(IntegrityKey.shortTerm(LOCAL.pwd())), "response signed with local pwd");
        return new StunDecoder().decode(out, 0, n);
    }

    @Test
    void answersValidCheckWithSourceAsXorMappedAddress() throws Exception {
        Check check = new Check();
        int n = send(check, A, 0);
        StunMessage m = response(n);
        assertEquals(StunClass.SUCCESS_RESPONSE, m.messageClass());
        assertEquals(check.id, m.transactionId());
        assertEquals(A, m.attribute(XorMappedAddressAttribute.class).orElseThrow().address());
        assertEquals(64, n);
        assertSame(agent, server.lastAgent());
        assertEquals(1, server.stats().successResponses());
    }

    @Test
    void answersIpv6SourceWithIpv6MappedAddress() throws Exception {
        InetSocketAddress v6 = addr("2001:db8::42", 40000);
        int n = send(new Check(), v6, 0);
        assertEquals(v6, response(n).attribute(XorMappedAddressAttribute.class).orElseThrow().address());
        assertEquals(76, n);
    }

    static Stream<Arguments> droppedChecks() {
        return Stream.of(
                Arguments.of("unknown ufrag", (java.util.function.Consumer<Check>) c -> c.username = "nope:" + REMOTE.ufrag(),
                        (ToLongFunction<IceLiteStats>) IceLiteStats::droppedUnknownUfrag),
                Arguments.of("username without colon", (java.util.function.Consumer<Check>) c -> c.username = LOCAL.ufrag(),
                        (ToLongFunction<IceLiteStats>) IceLiteStats::droppedUnknownUfrag),
                Arguments.of("wrong remote ufrag", (java.util.function.Consumer<Check>) c -> c.username = LOCAL.ufrag() + ":evil",
                        (ToLongFunction<IceLiteStats>) IceLiteStats::droppedRemoteUfragMismatch),
                Arguments.of("bad integrity", (java.util.function.Consumer<Check>) c -> c.password = "wrongpasswordwrongpasswd",
                        (ToLongFunction<IceLiteStats>) IceLiteStats::droppedBadIntegrity),
                Arguments.of("no integrity", (java.util.function.Consumer<Check>) c -> c.integrity = false,
                        (ToLongFunction<IceLiteStats>) IceLiteStats::droppedNoIntegrity),
                Arguments.of("no fingerprint", (java.util.function.Consumer<Check>) c -> c.fingerprint = false,
                        (ToLongFunction<IceLiteStats>) IceLiteStats::droppedNoFingerprint),
                Arguments.of("success response", (java.util.function.Consumer<Check>) c -> c.cls = StunClass.SUCCESS_RESPONSE,
                        (ToLongFunction<IceLiteStats>) IceLiteStats::droppedNotRequest),
                Arguments.of("indication", (java.util.function.Consumer<Check>) c -> c.cls = StunClass.INDICATION,
                        (ToLongFunction<IceLiteStats>) IceLiteStats::indications));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("droppedChecks")
    void dropsUnauthenticatedChecksWithoutStateOrAnswer(String name, java.util.function.Consumer<Check> mutation,
                                                        ToLongFunction<IceLiteStats> counter) {
        Check check = new Check();
        check.useCandidate = true;
        mutation.accept(check);
        assertEquals(0, send(check, A, 0));
        assertEquals(1, counter.applyAsLong(server.stats()));
        assertEquals(1, server.stats().dropped());
        assertEquals(IceConnectionState.NEW, agent.state());
        assertNull(agent.selectedAddress());
        assertEquals(List.of(), events.events);
        assertNull(server.lastAgent());
    }

    @Test
    void dropsBadFingerprintAndTruncatedDatagrams() {
        byte[] request = new Check().bytes();
        byte[] badFingerprint = request.clone();
        badFingerprint[badFingerprint.length - 1] ^= 1;
        assertEquals(0, server.handle(badFingerprint, 0, badFingerprint.length, A, 0, out, 0));
        assertEquals(1, server.stats().droppedBadFingerprint());
        for (int len = 0; len < request.length; len++) {
            assertEquals(0, server.handle(request, 0, len, A, 0, out, 0));
        }
        assertEquals(request.length, server.stats().droppedMalformed());
        assertEquals(IceConnectionState.NEW, agent.state());
    }

    @Test
    void nominatedCheckSelectsPathAndConnects() {
        send(new Check(), A, 0);
        assertEquals(IceConnectionState.CHECKING, agent.state());
        assertNull(agent.selectedAddress());
        Check nominate = new Check();
        nominate.useCandidate = true;
        send(nominate, A, 10 * MS);
        assertEquals(IceConnectionState.CONNECTED, agent.state());
        assertEquals(A, agent.selectedAddress());
        assertEquals(List.of("CHECKING", "path null->" + A, "CONNECTED"), events.events);
        assertTrue(agent.isValidated(A));
    }

    @Test
    void answersRoleConflictWhenPeerAlsoClaimsControlled() throws Exception {
        Check check = new Check();
        check.controlled = true;
        int n = send(check, A, 0);
        StunMessage m = response(n);
        assertEquals(StunClass.ERROR_RESPONSE, m.messageClass());
        assertEquals(ErrorCodeAttribute.ROLE_CONFLICT, m.attribute(ErrorCodeAttribute.class).orElseThrow().code());
        assertEquals(1, server.stats().roleConflicts());
        assertEquals(IceConnectionState.NEW, agent.state());
    }

    @Test
    void answersUnknownComprehensionRequiredAttributeWith420() throws Exception {
        Check check = new Check();
        check.unknownRequired = true;
        StunMessage m = response(send(check, A, 0));
        assertEquals(420, m.attribute(ErrorCodeAttribute.class).orElseThrow().code());
        assertEquals(List.of(0x7f31), m.attribute(UnknownAttributesAttribute.class).orElseThrow().types());
    }

    @Test
    void answersCheckWithoutPriorityWith400() throws Exception {
        Check check = new Check();
        check.priority = false;
        StunMessage m = response(send(check, A, 0));
        assertEquals(400, m.attribute(ErrorCodeAttribute.class).orElseThrow().code());
        assertEquals(IceConnectionState.NEW, agent.state());
    }

    @Test
    void consentTimelineDisconnectsRecoversThenFails() {
        Check nominate = new Check();
        nominate.useCandidate = true;
        send(nominate, A, 0);
        assertEquals(8 * S, agent.nextDeadline());
        agent.onTimeout(8 * S - 1);
        assertEquals(IceConnectionState.CONNECTED, agent.state());
        agent.onTimeout(8 * S);
        assertEquals(IceConnectionState.DISCONNECTED, agent.state());
        assertEquals(30 * S, agent.nextDeadline());

        send(new Check(), A, 10 * S); // consent check on the selected path
        assertEquals(IceConnectionState.CONNECTED, agent.state());
        assertEquals(18 * S, agent.nextDeadline());

        agent.onTimeout(18 * S);
        assertEquals(IceConnectionState.DISCONNECTED, agent.state());
        agent.onTimeout(40 * S - 1);
        assertEquals(IceConnectionState.DISCONNECTED, agent.state());
        agent.onTimeout(40 * S);
        assertEquals(IceConnectionState.FAILED, agent.state());
        assertEquals(Long.MAX_VALUE, agent.nextDeadline());
        assertEquals(List.of("CHECKING", "path null->" + A, "CONNECTED", "DISCONNECTED", "CONNECTED", "DISCONNECTED",
                "FAILED"), events.events);

        assertEquals(0, send(new Check(), A, 41 * S));
        assertEquals(1, server.stats().droppedClosedAgent());
    }

    @Test
    void failsWhenNeverNominated() {
        send(new Check(), A, 1 * S);
        assertEquals(30 * S, agent.nextDeadline());
        agent.onTimeout(30 * S);
        assertEquals(IceConnectionState.FAILED, agent.state());
    }

    @Test
    void movesToNewAddressOnlyOnNominatedCheck() {
        Check nominate = new Check();
        nominate.useCandidate = true;
        send(nominate, A, 0);
        send(new Check(), B, 1 * S); // valid, not nominated: answered, no switch, no consent for A
        assertEquals(A, agent.selectedAddress());
        assertTrue(agent.isValidated(B));
        assertEquals(0, agent.lastConsentNanos());
        send(nominate, B, 2 * S);
        assertEquals(B, agent.selectedAddress());
        assertEquals(2 * S, agent.lastConsentNanos());
        assertEquals(List.of("CHECKING", "path null->" + A, "CONNECTED", "path " + A + "->" + B), events.events);
        send(new Check(), A, 3 * S); // the old path no longer refreshes consent
        assertEquals(2 * S, agent.lastConsentNanos());
    }

    @Test
    void pathSwitchAfterDisconnectReconnects() {
        Check nominate = new Check();
        nominate.useCandidate = true;
        send(nominate, A, 0);
        agent.onTimeout(9 * S);
        assertEquals(IceConnectionState.DISCONNECTED, agent.state());
        send(nominate, B, 10 * S); // mobile handover: new network, same peer
        assertEquals(IceConnectionState.CONNECTED, agent.state());
        assertEquals(B, agent.selectedAddress());
    }

    @Test
    void indexesValidatedAddressesForTheDemux() {
        assertNull(registry.agentByAddress(A));
        Check bad = new Check();
        bad.password = "wrongpasswordwrongpasswd";
        send(bad, A, 0);
        assertNull(registry.agentByAddress(A)); // unauthenticated: no state
        send(new Check(), A, 0);
        assertSame(agent, registry.agentByAddress(A)); // before nomination (early DTLS ClientHello)
        IceLiteAgent small = new IceLiteAgent(new IceCredentials("tiny", LOCAL.pwd()), REMOTE,
                new IceLiteConfig(8 * S, 30 * S, 1), IceAgentListener.NONE, 0);
        registry.register(small);
        Check toSmall = new Check();
        toSmall.username = "tiny:" + REMOTE.ufrag();
        send(toSmall, A, 0); // the same address now checks for another peer: the latest wins
        assertSame(small, registry.agentByAddress(A));
        send(toSmall, B, 0); // small remembers one address: A is evicted from the index
        assertSame(small, registry.agentByAddress(B));
        assertNull(registry.agentByAddress(A));
        assertTrue(registry.unregister(small));
        assertNull(registry.agentByAddress(B));
    }

    @Test
    void consentCheckOnConnectedPeerAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Check nominate = new Check();
        nominate.useCandidate = true;
        byte[] request = nominate.bytes();
        for (int i = 0; i < 20_000; i++) {
            server.handle(request, 0, request.length, A, i, out, 0);
        }
        long tid = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10_000; i++) {
            server.handle(request, 0, request.length, A, 20_000 + i, out, 0);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertEquals(30_000, server.stats().successResponses());
        assertTrue(allocated < 10_000, "allocated " + allocated + " bytes for 10,000 checks");
    }

    @Test
    void closedAgentGetsNoAnswers() {
        agent.close();
        assertEquals(0, send(new Check(), A, 0));
        assertEquals(1, server.stats().droppedClosedAgent());
        assertTrue(registry.unregister(agent));
        assertEquals(0, send(new Check(), A, 0));
        assertEquals(1, server.stats().droppedUnknownUfrag());
    }

    @Test
    void registryRefusesDuplicateUfragAndBoundsAgents() {
        assertThrows(IllegalStateException.class,
                () -> registry.register(new IceLiteAgent(LOCAL, REMOTE, IceLiteConfig.DEFAULT, IceAgentListener.NONE, 0)));
        IceCredentialsRegistry small = new IceCredentialsRegistry(1);
        small.register(agent);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> small.register(new IceLiteAgent(
                IceCredentials.random(random), REMOTE, IceLiteConfig.DEFAULT, IceAgentListener.NONE, 0)));
        assertEquals("agents: 1 (expected: < 1)", e.getMessage());
        assertSame(agent, small.lookup(LOCAL.ufrag()));
    }

    @Test
    void rejectsInvalidCredentialsWithClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new IceCredentials("abc", "serverpasswordserverpass"));
        assertEquals("ufrag length: 3 (expected: 4..256)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("ab:c", "serverpasswordserverpass"));
    }
}
