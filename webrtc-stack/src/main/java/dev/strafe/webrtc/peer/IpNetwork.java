package dev.strafe.webrtc.peer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * One CIDR block ({@code 127.0.0.0/8}, {@code fc00::/7}) of the allowed-remote-networks filter. Parsed once at
 * settings build time; {@link #contains} is allocation-free on the receive path.
 */
public record IpNetwork(byte[] prefix, int prefixLength) {

    public IpNetwork {
        prefix = prefix.clone();
        int bits = prefix.length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length: " + prefixLength + " (expected: 0.." + bits + ")");
        }
    }

    /**
     * Parses {@code address/length}; a bare address means a single host ({@code /32} or {@code /128}). Only
     * IP literals are accepted (no name lookups).
     */
    public static IpNetwork parse(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        if (host.isEmpty() || !(host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            throw new IllegalArgumentException("network: \"" + cidr + "\" (expected: an IP literal with an optional /prefix)");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(host).getAddress(); // literal only: checked above, no DNS lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("network: \"" + cidr + "\" (expected: an IP literal with an optional /prefix)", e);
        }
        int length = bytes.length * 8;
        if (slash >= 0) {
            try {
                length = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("network: \"" + cidr + "\" (expected: /0../" + bytes.length * 8 + ")", e);
            }
        }
        return new IpNetwork(bytes, length);
    }

    /** Whether {@code address} (4 or 16 raw bytes) lies in this block; a different family never matches. */
    public boolean contains(byte[] address) {
        if (address.length != prefix.length) {
            return false;
        }
        int full = prefixLength >>> 3;
        for (int i = 0; i < full; i++) {
            if (address[i] != prefix[i]) {
                return false;
            }
        }
        int rest = prefixLength & 7;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (address[full] & mask) == (prefix[full] & mask);
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpNetwork n && n.prefixLength == prefixLength && Arrays.equals(n.prefix, prefix);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(prefix) + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(prefix).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
