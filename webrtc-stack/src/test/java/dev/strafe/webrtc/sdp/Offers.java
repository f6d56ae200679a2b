package dev.strafe.webrtc.sdp;

/** Real-shaped offers of data-only sessions, LF-joined ({@link #crlf} converts). */
final class Offers {

    static final String FP = "CB:20:11:7A:5E:4F:33:90:12:AB:CD:EF:01:23:45:67:89:9A:BC:DE:F0:11:22:33:44:55:66:77:88:99:AA:3A";

    /** Chromium 156 as recorded in TESTING.md (fingerprint bytes filled in). */
    static final String CHROMIUM = """
            v=0
            o=- 4611731400430051336 2 IN IP4 127.0.0.1
            s=-
            t=0 0
            a=group:BUNDLE 0
            a=extmap-allow-mixed
            a=msid-semantic: WMS
            m=application 48484 UDP/DTLS/SCTP webrtc-datachannel
            c=IN IP4 127.0.0.1
            a=candidate:1545565737 1 udp 2122260223 127.0.0.1 48484 typ host generation 0 network-id 1 network-cost 50
            a=candidate:2729812669 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active generation 0 network-id 1 network-cost 50
            a=ice-ufrag:Odg3
            a=ice-pwd:Z8VgBjNzyrN0RxpxlW8nn+xm
            a=ice-options:trickle
            a=fingerprint:sha-256 CB:20:11:7A:5E:4F:33:90:12:AB:CD:EF:01:23:45:67:89:9A:BC:DE:F0:11:22:33:44:55:66:77:88:99:AA:3A
            a=setup:actpass
            a=mid:0
            a=sctp-port:5000
            a=max-message-size:262144
            """;

    /** Firefox: fingerprint and ice-options at session level, upper-case transports, end-of-candidates. */
    static final String FIREFOX = """
            v=0
            o=mozilla...THIS_IS_SDPARTA-140.0 5017311285421946343 0 IN IP4 0.0.0.0
            s=-
            t=0 0
            a=fingerprint:sha-256 CB:20:11:7A:5E:4F:33:90:12:AB:CD:EF:01:23:45:67:89:9A:BC:DE:F0:11:22:33:44:55:66:77:88:99:AA:3A
            a=group:BUNDLE 0
            a=ice-options:trickle
            a=msid-semantic:WMS *
            m=application 54321 UDP/DTLS/SCTP webrtc-datachannel
            c=IN IP4 127.0.0.1
            a=candidate:0 1 UDP 2122252543 127.0.0.1 54321 typ host
            a=candidate:1 1 TCP 2105524479 127.0.0.1 9 typ host tcptype active
            a=candidate:2 1 UDP 1686052863 198.51.100.7 54321 typ srflx raddr 127.0.0.1 rport 54321
            a=sendrecv
            a=end-of-candidates
            a=ice-pwd:6f3d9a1c2e7b4f0a8d5c3b2a1e0f9d8c
            a=ice-ufrag:5d7e2f1a
            a=mid:0
            a=setup:actpass
            a=sctp-port:5000
            a=max-message-size:1073741823
            """;

    /** Safari: mDNS host candidate, no a=max-message-size. */
    static final String SAFARI = """
            v=0
            o=- 3815475935829185021 2 IN IP4 127.0.0.1
            s=-
            t=0 0
            a=group:BUNDLE 0
            a=extmap-allow-mixed
            a=msid-semantic: WMS
            m=application 9 UDP/DTLS/SCTP webrtc-datachannel
            c=IN IP4 0.0.0.0
            a=candidate:842163049 1 udp 1677729535 2ee7e2f0-5a21-4d0c-9d3a-3f3c4b1d5e6f.local 61203 typ host generation 0 network-cost 999
            a=ice-ufrag:kd1X
            a=ice-pwd:wqB8xPUTnT0Qo4KV3f2wWgHy
            a=ice-options:trickle
            a=fingerprint:sha-256 CB:20:11:7A:5E:4F:33:90:12:AB:CD:EF:01:23:45:67:89:9A:BC:DE:F0:11:22:33:44:55:66:77:88:99:AA:3A
            a=setup:actpass
            a=mid:0
            a=sctp-port:5000
            """;

    /** Pre-RFC 8841 form (Chrome < 60, Firefox < 63): DTLS/SCTP 5000 + a=sctpmap, session-level ICE. */
    static final String LEGACY = """
            v=0
            o=- 1 2 IN IP4 127.0.0.1
            s=-
            t=0 0
            a=ice-ufrag:leGacy12
            a=ice-pwd:ABCDEFGHIJKLMNOPQRSTUVWX
            a=msid-semantic: WMS
            m=application 9 DTLS/SCTP 5000
            c=IN IP4 0.0.0.0
            a=fingerprint:sha-1 01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14
            a=fingerprint:sha-256 CB:20:11:7A:5E:4F:33:90:12:AB:CD:EF:01:23:45:67:89:9A:BC:DE:F0:11:22:33:44:55:66:77:88:99:AA:3A
            a=setup:actpass
            a=mid:data
            a=sctpmap:5000 webrtc-datachannel 1024
            """;

    /** A page that also negotiates audio and video: they are answered with port 0. */
    static final String WITH_MEDIA = """
            v=0
            o=- 42 2 IN IP4 127.0.0.1
            s=-
            t=0 0
            a=group:BUNDLE 0 1 2
            m=audio 9 UDP/TLS/RTP/SAVPF 111 63
            c=IN IP4 0.0.0.0
            a=mid:0
            a=rtpmap:111 opus/48000/2
            a=ice-ufrag:Odg3
            a=ice-pwd:Z8VgBjNzyrN0RxpxlW8nn+xm
            a=fingerprint:sha-256 CB:20:11:7A:5E:4F:33:90:12:AB:CD:EF:01:23:45:67:89:9A:BC:DE:F0:11:22:33:44:55:66:77:88:99:AA:3A
            a=setup:actpass
            m=video 9 UDP/TLS/RTP/SAVPF 96
            c=IN IP4 0.0.0.0
            a=mid:1
            a=ice-ufrag:Odg3
            a=ice-pwd:Z8VgBjNzyrN0RxpxlW8nn+xm
            a=fingerprint:sha-256 CB:20:11:7A:5E:4F:33:90:12:AB:CD:EF:01:23:45:67:89:9A:BC:DE:F0:11:22:33:44:55:66:77:88:99:AA:3A
            a=setup:actpass
            m=application 9 UDP/DTLS/SCTP webrtc-datachannel
            c=IN IP4 0.0.0.0
            a=mid:2
            a=ice-ufrag:Odg3
            a=ice-pwd:Z8VgBjNzyrN0RxpxlW8nn+xm
            a=fingerprint:sha-256 CB:20:11:7A:5E:4F:33:90:12:AB:CD:EF:01:23:45:67:89:9A:BC:DE:F0:11:22:33:44:55:66:77:88:99:AA:3A
            a=setup:actpass
            a=sctp-port:5000
            """;

    static String crlf(String sdp) {
        return sdp.replace("\n", "\r\n");
    }

    private Offers() {
    }
}
