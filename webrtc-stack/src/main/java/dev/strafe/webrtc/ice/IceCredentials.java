package dev.strafe.webrtc.ice;

/**
 * An ICE username fragment and password (RFC 8445 §5.3, RFC 8839 §5.4): {@code ice-ufrag} is 4-256 ice-chars,
 * {@code ice-pwd} 22-256 ice-chars ({@code ALPHA / DIGIT / "+" / "/"}).
 */
public record IceCredentials(String ufrag, String pwd) {

    public static final int MIN_UFRAG = 4;
    public static final int MIN_PWD = 22;
    public static final int MAX_LENGTH = 256;

    public IceCredentials {
        check("ufrag", ufrag, MIN_UFRAG);
        check("pwd", pwd, MIN_PWD);
    }

    /** Random credentials (24 bits of entropy per 4 chars; ufrag 8 chars, pwd 24 chars). */
    public static IceCredentials random(java.util.random.RandomGenerator random) {
        return new IceCredentials(randomChars(random, 8), randomChars(random, 24));
    }

    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private static String randomChars(java.util.random.RandomGenerator random, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length())));
        }
        return sb.toString();
    }

    private static void check(String what, String value, int min) {
        if (value.length() < min || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " length: " + value.length()
                    + " (expected: " + min + ".." + MAX_LENGTH + ")");
        }
        for (int i = 0; i < value.length(); i++) {
            if (ICE_CHARS.indexOf(value.charAt(i)) < 0) {
                throw new IllegalArgumentException(what + " character: '" + value.charAt(i) + "' at index " + i
                        + " (expected: ice-char ALPHA / DIGIT / \"+\" / \"/\")");
            }
        }
    }

    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + ", pwd=<redacted>]";
    }
}
