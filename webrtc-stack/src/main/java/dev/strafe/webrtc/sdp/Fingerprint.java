package dev.strafe.webrtc.sdp;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * RFC 8122 §5 certificate fingerprint.
 * <pre>
 *   attribute     = "fingerprint" ":" hash-func SP fingerprint
 *   hash-func     = "sha-1" / "sha-224" / "sha-256" / "sha-384" / "sha-512" / "md5" / "md2" / token
 *   fingerprint   = 2UHEX *(":" 2UHEX)
 * </pre>
 * Every hash function of the registry is recognized (and its length checked); the stack verifies
 * certificates against {@code sha-256} only (what Chromium, Firefox and Safari send), see
 * {@link SdpParser}. Unknown tokens are kept with their bytes but never selected.
 */
public record Fingerprint(String hashFunction, byte[] value) {

    public static final String SHA_256 = "sha-256";

    public Fingerprint {
        hashFunction = hashFunction.toLowerCase(Locale.ROOT);
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public boolean isSha256() {
        return SHA_256.equals(hashFunction);
    }

    /** Expected digest length for known hash functions, -1 for unknown tokens. */
    static int digestLength(String hashFunction) {
        return switch (hashFunction) {
            case "md2", "md5" -> 16;
            case "sha-1" -> 20;
            case "sha-224" -> 28;
            case "sha-256" -> 32;
            case "sha-384" -> 48;
            case "sha-512" -> 64;
            default -> -1;
        };
    }

    static Fingerprint parse(String value, int line) throws SdpException {
        int space = value.indexOf(' ');
        if (space <= 0) {
            throw new SdpException(line, "a=fingerprint: '" + value + "' (expected: <hash-func> <XX:XX:...>)");
        }
        String function = value.substring(0, space).toLowerCase(Locale.ROOT);
        String hex = value.substring(space + 1).trim();
        if (hex.isEmpty() || (hex.length() + 1) % 3 != 0) {
            throw new SdpException(line, "a=fingerprint: malformed fingerprint '" + hex + "' (expected: 2UHEX *(\":\" 2UHEX))");
        }
        int count = (hex.length() + 1) / 3;
        byte[] bytes = new byte[count];
        for (int i = 0; i < count; i++) {
            int at = i * 3;
            if (i > 0 && hex.charAt(at - 1) != ':') {
                throw new SdpException(line, "a=fingerprint: expected ':' at " + (at - 1) + " in '" + hex + "'");
            }
            int hi = Character.digit(hex.charAt(at), 16);
            int lo = Character.digit(hex.charAt(at + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new SdpException(line, "a=fingerprint: not a hex byte at " + at + " in '" + hex + "'");
            }
            bytes[i] = (byte) (hi << 4 | lo);
        }
        int expected = digestLength(function);
        if (expected >= 0 && expected != count) {
            throw new SdpException(line, "a=fingerprint: " + function + " length: " + count + " bytes (expected: " + expected + ")");
        }
        return new Fingerprint(function, bytes);
    }

    /** The attribute value: {@code sha-256 AB:CD:...} (upper-case hex, as browsers write it). */
    public String toSdpValue() {
        return hashFunction + " " + formatHex(value);
    }

    /** {@code AB:CD:EF}: upper-case hex bytes joined by colons. */
    public static String formatHex(byte[] bytes) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && f.hashFunction.equals(hashFunction) && Arrays.equals(f.value, value);
    }

    @Override
    public int hashCode() {
        return hashFunction.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return toSdpValue();
    }
}
