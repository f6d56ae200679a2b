package dev.strafe.webrtc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strafe.webrtc.stun.IceControllingAttribute;
import dev.strafe.webrtc.stun.IntegrityKey;
import dev.strafe.webrtc.stun.PriorityAttribute;
import dev.strafe.webrtc.stun.StunClass;
import dev.strafe.webrtc.stun.StunDecoder;
import dev.strafe.webrtc.stun.StunMessage;
import dev.strafe.webrtc.stun.StunMessageView;
import dev.strafe.webrtc.stun.StunMethod;
import dev.strafe.webrtc.stun.StunWriter;
import dev.strafe.webrtc.stun.UseCandidateAttribute;
import dev.strafe.webrtc.stun.UsernameAttribute;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IceControllingAgentTest {

    static final long MS = 1_000_000L;
    static final long S = 1_000 * MS;
    static final InetSocketAddress SERVER = IceLiteServerTest.addr("127.0.0.1", 3478);
    static final InetSocketAddress SERVER2 = IceLiteServerTest.addr("127.0.0.2", 3478);
    static final InetSocketAddress CLIENT = IceLiteServerTest.addr("127.0.0.1", 40000);

    final IceCredentials local = new IceCredentials("cliUfrag", "clientpasswordclientpass");
    final IceCredentials remote = new IceCredentials("srvUfrag", "serverpasswordserverpass");
    final RecordingListener events = new RecordingListener();

    IceControllingAgent agent(List<InetSocketAddress> candidates) {
        return new IceControllingAgent(local, remote, candidates, IceClientConfig.DEFAULT, new SplittableRandom(9), events);
    }

    static List<IceDatagram> drain(IceControllingAgent agent) {
        List<IceDatagram> all = new ArrayList<>();
        for (IceDatagram d; (d = agent.poll()) != null; ) {
            all.add(d);
        }
        return all;
    }

    /** The server's answer to {@code request}, signed with {@code password}. */
    static byte[] successFor(byte[] request, String password) throws Exception {
        StunMessageView view = new StunMessageView().wrap(request, 0, request.length);
        byte[] out = new byte[128];
        int n = new StunWriter().beginResponse(out, 0, out.length, view, StunClass.SUCCESS_RESPONSE)
                .xorMappedAddress(CLIENT).integrity(IntegrityKey.shortTerm(password)).fingerprint().length();
        return Arrays.copyOf(out, n);
    }

    @Test
    void checkCarriesIceAttributesSignedWithRemotePassword() throws Exception {
        IceControllingAgent agent = agent(List.of(SERVER));
        agent.start(0);
        List<IceDatagram> sent = drain(agent);
        assertEquals(1, sent.size());
        assertEquals(SERVER, sent.get(0).destination());
        byte[] b = sent.get(0).data();
        StunMessage m = new StunDecoder().decode(b);
        assertEquals(StunMethod.BINDING, m.method());
        assertEquals(StunClass.REQUEST, m.messageClass());
        assertEquals(new UsernameAttribute("srvUfrag:cliUfrag"), m.attribute(UsernameAttribute.class).orElseThrow());
        assertEquals((110L << 24) + (65535L << 8) + 255, m.attribute(PriorityAttribute.class).orElseThrow().unsignedPriority());
        assertEquals(agent.tieBreaker(), m.attribute(IceControllingAttribute.class).orElseThrow().tieBreaker());
        assertTrue(m.attribute(UseCandidateAttribute.class).isPresent());
        StunMessageView view = new StunMessageView().wrap(b, 0, b.length);
        assertTrue(view.hasFingerprint());
        assertTrue(view.verifyIntegrity(IntegrityKey.shortTerm(remote.pwd())));
    }

    @Test
    void retransmitsWithDoublingRtoThenFails() {
        IceControllingAgent agent = agent(List.of(SERVER));
        agent.start(0);
        List<Long> sendTimes = new ArrayList<>();
        sendTimes.add(0L);
        drain(agent);
        while (agent.nextDeadline() != Long.MAX_VALUE) {
            long t = agent.nextDeadline();
            agent.onTimeout(t);
            if (!drain(agent).isEmpty()) {
                sendTimes.add(t / MS);
            }
        }
        assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L), sendTimes);
        assertEquals(IceConnectionState.FAILED, agent.state());
        assertEquals(List.of("CHECKING", "FAILED"), events.events);
    }

    @Test
    void pacesChecksOfSeveralCandidatesByTa() {
        IceControllingAgent agent = agent(List.of(SERVER, SERVER2));
        agent.start(0);
        assertEquals(List.of(SERVER), drain(agent).stream().map(IceDatagram::destination).toList());
        assertEquals(50 * MS, agent.nextDeadline());
        agent.onTimeout(50 * MS);
        assertEquals(List.of(SERVER2), drain(agent).stream().map(IceDatagram::destination).toList());
    }

    @Test
    void ignoresResponsesThatDoNotVerify() throws Exception {
        IceControllingAgent agent = agent(List.of(SERVER));
        agent.start(0);
        byte[] request = drain(agent).get(0).data();
        assertFalse(agent.handle(successFor(request, "wrongpasswordwrongpasswd"), 0, 64, SERVER, MS));
        byte[] good = successFor(request, remote.pwd());
        assertFalse(agent.handle(good, 0, good.length, SERVER2, MS)); // not from where the check went
        byte[] otherTid = good.clone();
        otherTid[19] ^= 1;
        assertFalse(agent.handle(otherTid, 0, otherTid.length, SERVER, MS));
        assertEquals(3, agent.ignoredResponses());
        assertEquals(IceConnectionState.CHECKING, agent.state());
        assertNull(agent.selectedAddress());
        assertTrue(agent.handle(good, 0, good.length, SERVER, 2 * MS));
        assertEquals(IceConnectionState.CONNECTED, agent.state());
        assertEquals(SERVER, agent.selectedAddress());
        assertFalse(agent.handle(good, 0, good.length, SERVER, 3 * MS)); // duplicate
    }

    @Test
    void sendsConsentChecksEveryFiveSecondsRandomized() throws Exception {
        IceControllingAgent agent = agent(List.of(SERVER));
        agent.start(0);
        byte[] request = drain(agent).get(0).data();
        byte[] ok = successFor(request, remote.pwd());
        agent.handle(ok, 0, ok.length, SERVER, 0);
        long previous = 0;
        for (int i = 0; i < 20; i++) {
            long t = agent.nextDeadline();
            assertTrue(t - previous >= 4 * S && t - previous <= 6 * S, "consent interval " + (t - previous));
            agent.onTimeout(t);
            byte[] check = drain(agent).get(0).data();
            byte[] answer = successFor(check, remote.pwd());
            assertTrue(agent.handle(answer, 0, answer.length, SERVER, t + MS));
            previous = t;
        }
        assertEquals(IceConnectionState.CONNECTED, agent.state());
    }
}
