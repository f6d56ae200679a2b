package dev.strafe.webrtc.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code a=candidate} line (RFC 8839 §5.1).
 * <pre>
 *   candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP priority SP
 *                         connection-address SP port SP cand-type
 *                         [SP rel-addr] [SP rel-port] *(SP cand-extension)
 *   foundation   = 1*32ice-char          component-id = 1*3DIGIT (1..256)
 *   transport    = "UDP" / token         priority     = 1*10DIGIT (1..2^31-1)
 *   cand-type    = "typ" SP ("host" / "srflx" / "prflx" / "relay" / token)
 *   rel-addr     = "raddr" SP connection-address      rel-port = "rport" SP port
 * </pre>
 * RFC 6544 adds {@code tcptype active|passive|so}. Other extensions (Chromium's {@code generation},
 * {@code network-id}, {@code network-cost}, {@code ufrag}) are kept in {@link #extensions()} in order.
 * {@code connectionAddress} may be an mDNS name ({@code <uuid>.local}); it is not resolved here.
 */
public record IceCandidate(String foundation, int component, String transport, long priority,
                           String connectionAddress, int port, String type,
                           String relatedAddress, int relatedPort, String tcpType,
                           Map<String, String> extensions) {

    public static final String HOST = "host";
    /** Related port value meaning "absent". */
    public static final int NO_PORT = -1;
    static final int MAX_FIELDS = 64;

    public IceCandidate {
        transport = transport.toLowerCase(Locale.ROOT);
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** A {@code typ host} UDP candidate with component 1 and the RFC 8445 §5.1.2.1 priority for host. */
    public static IceCandidate host(String foundation, String address, int port) {
        long priority = (126L << 24) | (65535L << 8) | (256 - 1);
        return new IceCandidate(foundation, 1, "udp", priority, address, port, HOST, null, NO_PORT, null, Map.of());
    }

    public boolean isUdp() {
        return "udp".equals(transport);
    }

    /** Parses the attribute value (what follows {@code a=candidate:}; a leading {@code candidate:} is tolerated). */
    public static IceCandidate parse(String value) throws SdpException {
        return parse(value, 0);
    }

    static IceCandidate parse(String value, int line) throws SdpException {
        if (value.startsWith("candidate:")) {
            value = value.substring("candidate:".length());
        }
        String[] f = value.trim().split(" +");
        if (f.length < 8 || f.length > MAX_FIELDS) {
            throw new SdpException(line, "a=candidate: " + f.length + " fields (expected: 8.." + MAX_FIELDS + ")");
        }
        String foundation = f[0];
        if (foundation.isEmpty() || foundation.length() > 32 || !iceChars(foundation)) {
            throw new SdpException(line, "a=candidate: foundation '" + foundation + "' (expected: 1*32ice-char)");
        }
        int component = (int) number(f[1], 1, 256, "component-id", line);
        String transport = f[2];
        long priority = number(f[3], 1, 0xFFFF_FFFFL, "priority", line);
        String address = f[4];
        if (address.isEmpty() || address.length() > 255) {
            throw new SdpException(line, "a=candidate: connection-address length: " + address.length() + " (expected: 1..255)");
        }
        int port = (int) number(f[5], 0, 65535, "port", line);
        if (!"typ".equals(f[6])) {
            throw new SdpException(line, "a=candidate: '" + f[6] + "' (expected: typ)");
        }
        String type = f[7].toLowerCase(Locale.ROOT);
        String relatedAddress = null;
        int relatedPort = NO_PORT;
        String tcpType = null;
        Map<String, String> extensions = new LinkedHashMap<>();
        if ((f.length - 8) % 2 != 0) {
            throw new SdpException(line, "a=candidate: extension '" + f[f.length - 1] + "' has no value");
        }
        for (int i = 8; i < f.length; i += 2) {
            String name = f[i];
            String v = f[i + 1];
            switch (name) {
                case "raddr" -> relatedAddress = v;
                case "rport" -> relatedPort = (int) number(v, 0, 65535, "rport", line);
                case "tcptype" -> tcpType = v.toLowerCase(Locale.ROOT);
                default -> extensions.put(name, v);
            }
        }
        return new IceCandidate(foundation, component, transport, priority, address, port, type,
                relatedAddress, relatedPort, tcpType, extensions);
    }

    private static long number(String s, long min, long max, String what, int line) throws SdpException {
        if (s.isEmpty() || s.length() > 10) {
            throw new SdpException(line, "a=candidate: " + what + " '" + s + "' (expected: " + min + ".." + max + ")");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new SdpException(line, "a=candidate: " + what + " '" + s + "' is not a number");
            }
            v = v * 10 + (c - '0');
        }
        if (v < min || v > max) {
            throw new SdpException(line, "a=candidate: " + what + ": " + v + " (expected: " + min + ".." + max + ")");
        }
        return v;
    }

    private static boolean iceChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (IceCredentials.ICE_CHARS.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The attribute value without the {@code candidate:} prefix' {@code a=}: {@code candidate:1 1 udp ...}. */
    public String toSdpValue() {
        List<String> parts = new ArrayList<>();
        parts.add("candidate:" + foundation);
        parts.add(Integer.toString(component));
        parts.add(transport);
        parts.add(Long.toString(priority));
        parts.add(connectionAddress);
        parts.add(Integer.toString(port));
        parts.add("typ");
        parts.add(type);
        if (relatedAddress != null) {
            parts.add("raddr");
            parts.add(relatedAddress);
        }
        if (relatedPort != NO_PORT) {
            parts.add("rport");
            parts.add(Integer.toString(relatedPort));
        }
        if (tcpType != null) {
            parts.add("tcptype");
            parts.add(tcpType);
        }
        extensions.forEach((k, v) -> {
            parts.add(k);
            parts.add(v);
        });
        return String.join(" ", parts);
    }
}
