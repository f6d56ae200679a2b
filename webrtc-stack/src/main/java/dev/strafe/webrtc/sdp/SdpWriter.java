package dev.strafe.webrtc.sdp;

import java.util.List;

/** Writes the data-only descriptions this stack sends (CRLF line endings, RFC 8866 §5). */
final class SdpWriter {

    private final StringBuilder out = new StringBuilder(1024);

    SdpWriter line(String line) {
        out.append(line).append("\r\n");
        return this;
    }

    SdpWriter attribute(String name, String value) {
        return line("a=" + name + ":" + value);
    }

    /** {@code v=}, {@code o=}, {@code s=}, {@code t=} and the session-level attributes. */
    SdpWriter session(long sessionId, List<String> bundleMids, boolean iceLite) {
        line("v=0");
        line("o=- " + sessionId + " 2 IN IP4 127.0.0.1");
        line("s=-");
        line("t=0 0");
        if (!bundleMids.isEmpty()) {
            attribute("group", "BUNDLE " + String.join(" ", bundleMids));
        }
        if (iceLite) {
            line("a=ice-lite");
        }
        return this;
    }

    /** The data channel section: m/c lines from the first candidate (or the discard port 9 and 0.0.0.0). */
    SdpWriter application(boolean legacy, String mid, IceCredentials ice, Fingerprint fingerprint, SetupRole setup,
                          int sctpPort, long maxMessageSize, List<IceCandidate> candidates, boolean iceOptionsTrickle) {
        IceCandidate first = candidates.stream().filter(IceCandidate::isUdp).findFirst().orElse(null);
        int port = first != null ? first.port() : 9;
        String address = first != null ? first.connectionAddress() : "0.0.0.0";
        if (legacy) {
            line("m=application " + port + " DTLS/SCTP " + sctpPort);
        } else {
            line("m=application " + port + " UDP/DTLS/SCTP webrtc-datachannel");
        }
        line("c=IN " + (address.indexOf(':') >= 0 ? "IP6 " : "IP4 ") + address);
        if (mid != null) {
            attribute("mid", mid);
        }
        attribute("ice-ufrag", ice.ufrag());
        attribute("ice-pwd", ice.pwd());
        if (iceOptionsTrickle) {
            attribute("ice-options", "trickle");
        }
        attribute("fingerprint", fingerprint.toSdpValue());
        attribute("setup", setup.sdpName());
        if (legacy) {
            attribute("sctpmap", sctpPort + " webrtc-datachannel 1024");
        } else {
            attribute("sctp-port", Integer.toString(sctpPort));
        }
        attribute("max-message-size", Long.toString(maxMessageSize));
        for (IceCandidate candidate : candidates) {
            line("a=" + candidate.toSdpValue());
        }
        if (!candidates.isEmpty()) {
            line("a=end-of-candidates");
        }
        return this;
    }

    /** RFC 3264 §6: a rejected stream is answered with port 0 and the offered proto and one format. */
    SdpWriter rejected(MediaSection section) {
        line("m=" + section.media() + " 0 " + section.proto() + " " + section.formats().getFirst());
        line("c=IN IP4 0.0.0.0");
        if (section.mid() != null) {
            attribute("mid", section.mid());
        }
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
