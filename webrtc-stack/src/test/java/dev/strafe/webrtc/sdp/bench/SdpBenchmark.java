package dev.strafe.webrtc.sdp.bench;

import dev.strafe.webrtc.sdp.Fingerprint;
import dev.strafe.webrtc.sdp.IceCandidate;
import dev.strafe.webrtc.sdp.SdpAnswerer;
import dev.strafe.webrtc.sdp.SdpException;
import dev.strafe.webrtc.sdp.SdpParser;
import dev.strafe.webrtc.sdp.SessionDescription;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signaling cost per setup: parse Chromium's offer, write the answer (SecureRandom credentials).
 * <pre>./mvnw -B -o -q -pl webrtc-stack -Pjmh -Dmaven.compiler.proc=full test-compile exec:exec -Djmh.args="SdpBenchmark -prof gc"</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class SdpBenchmark {

    static final String CHROMIUM = String.join("\r\n",
            "v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
            "a=extmap-allow-mixed", "a=msid-semantic: WMS", "m=application 48484 UDP/DTLS/SCTP webrtc-datachannel",
            "c=IN IP4 127.0.0.1",
            "a=candidate:1545565737 1 udp 2122260223 127.0.0.1 48484 typ host generation 0 network-id 1 network-cost 50",
            "a=candidate:2729812669 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active generation 0 network-id 1 network-cost 50",
            "a=ice-ufrag:Odg3", "a=ice-pwd:Z8VgBjNzyrN0RxpxlW8nn+xm", "a=ice-options:trickle",
            "a=fingerprint:sha-256 CB:20:11:7A:5E:4F:33:90:12:AB:CD:EF:01:23:45:67:89:9A:BC:DE:F0:11:22:33:44:55:66:77:88:99:AA:3A",
            "a=setup:actpass", "a=mid:0", "a=sctp-port:5000", "a=max-message-size:262144", "");

    final SdpParser parser = new SdpParser();
    final SdpAnswerer answerer = new SdpAnswerer(new Fingerprint("sha-256", new byte[32]),
            List.of(IceCandidate.host("1", "127.0.0.1", 50000)), 262144, new SecureRandom());

    @Benchmark
    public SessionDescription parseChromiumOffer() throws SdpException {
        return parser.parseOffer(CHROMIUM);
    }

    @Benchmark
    public String parseAndAnswer() throws SdpException {
        return answerer.answer(parser.parseOffer(CHROMIUM)).sdp();
    }
}
