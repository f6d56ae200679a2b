package dev.strafe.webrtc.stun.bench;

import dev.strafe.webrtc.ice.IceCredentials;
import dev.strafe.webrtc.ice.IceCredentialsRegistry;
import dev.strafe.webrtc.ice.IceAgentListener;
import dev.strafe.webrtc.ice.IceLiteAgent;
import dev.strafe.webrtc.ice.IceLiteConfig;
import dev.strafe.webrtc.ice.IceLiteServer;
import dev.strafe.webrtc.stun.IceControllingAttribute;
import dev.strafe.webrtc.stun.IntegrityKey;
import dev.strafe.webrtc.stun.MalformedStunException;
import dev.strafe.webrtc.stun.PriorityAttribute;
import dev.strafe.webrtc.stun.StunClass;
import dev.strafe.webrtc.stun.StunDecoder;
import dev.strafe.webrtc.stun.StunMessage;
import dev.strafe.webrtc.stun.StunMessageView;
import dev.strafe.webrtc.stun.StunMethod;
import dev.strafe.webrtc.stun.StunWriter;
import dev.strafe.webrtc.stun.TransactionId;
import dev.strafe.webrtc.stun.UnknownAttribute;
import dev.strafe.webrtc.stun.UseCandidateAttribute;
import dev.strafe.webrtc.stun.UsernameAttribute;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The consent/connectivity-check hot path: a Chromium-shaped Binding request (USERNAME, PRIORITY,
 * ICE-CONTROLLING, USE-CANDIDATE, GOOG-NETWORK-INFO, MESSAGE-INTEGRITY, FINGERPRINT; 108 bytes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC"})
public class StunBenchmark {

    private final IceCredentials local = new IceCredentials("srvUfrag", "serverpasswordserverpass");
    private final IceCredentials remote = new IceCredentials("brwU", "browserpasswordbrowserpw");
    private final StunMessageView view = new StunMessageView();
    private final StunWriter writer = new StunWriter();
    private final StunDecoder decoder = new StunDecoder();
    private final byte[] out = new byte[IceLiteServer.MAX_RESPONSE_LENGTH];
    private IntegrityKey key;
    private byte[] request;
    private InetSocketAddress from;
    private IceLiteServer server;

    @Setup
    public void setUp() throws Exception {
        key = IntegrityKey.shortTerm(local.pwd());
        from = new InetSocketAddress(InetAddress.getByName("192.0.2.10"), 50000);
        byte[] buf = new byte[256];
        int n = new StunWriter().begin(buf, 0, buf.length, StunMethod.BINDING, StunClass.REQUEST,
                        new TransactionId(0x0102030405060708L, 0x090a0b0c))
                .attribute(new UsernameAttribute(local.ufrag() + ":" + remote.ufrag()))
                .attribute(new UnknownAttribute(0xC057, new byte[] {0, 1, 0, 10}))
                .attribute(new IceControllingAttribute(0x1234567890abcdefL))
                .attribute(UseCandidateAttribute.INSTANCE)
                .attribute(new PriorityAttribute(0x6e7f1eff))
                .integrity(key).fingerprint().length();
        request = Arrays.copyOf(buf, n);
        IceCredentialsRegistry registry = new IceCredentialsRegistry(10_000);
        for (int i = 0; i < 1_000; i++) { // a realistic registry, not a single entry
            registry.register(new IceLiteAgent(new IceCredentials(String.format("u%07d", i), remote.pwd()), remote,
                    IceLiteConfig.DEFAULT, IceAgentListener.NONE, 0));
        }
        registry.register(new IceLiteAgent(local, remote, IceLiteConfig.DEFAULT, IceAgentListener.NONE, 0));
        server = new IceLiteServer(registry);
        if (server.handle(request, 0, request.length, from, 1, out, 0) == 0) {
            throw new IllegalStateException("request not answered: " + server.stats());
        }
        view.tryWrap(request, 0, request.length); // buildSuccessResponse copies its transaction ID
    }

    /** Structure + FINGERPRINT + MESSAGE-INTEGRITY of the request (flyweight, no allocation). */
    @Benchmark
    public boolean parseAndVerifyBindingRequest() {
        return view.tryWrap(request, 0, request.length) && view.verifyIntegrity(key);
    }

    /** Success response: XOR-MAPPED-ADDRESS (IPv4), MESSAGE-INTEGRITY, FINGERPRINT. Needs a wrapped request. */
    @Benchmark
    public int buildSuccessResponse() {
        return writer.beginResponse(out, 0, out.length, view, StunClass.SUCCESS_RESPONSE)
                .xorMappedAddress(from).integrity(key).fingerprint().length();
    }

    /** The whole ICE-lite server path: parse, ufrag lookup among 1,001 peers, verify, respond, consent update. */
    @Benchmark
    public int iceLiteServerHandle() {
        return server.handle(request, 0, request.length, from, 2, out, 0);
    }

    /** Object decode (control path, allocates) for comparison. */
    @Benchmark
    public StunMessage decodeToObjects() throws MalformedStunException {
        return decoder.decode(request, 0, request.length);
    }
}
