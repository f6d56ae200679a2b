package dev.strafe.webrtc.sdp;

import java.util.random.RandomGenerator;

/**
 * ICE username fragment and password (RFC 8839 §5.4).
 * <pre>
 *   ice-pwd-att   = "ice-pwd:" password            password = 22*256ice-char
 *   ice-ufrag-att = "ice-ufrag:" ufrag             ufrag    = 4*256ice-char
 *   ice-char      = ALPHA / DIGIT / "+" / "/"
 * </pre>
 * "The ice-ufrag attribute MUST contain at least 24 bits of randomness, and the ice-pwd attribute MUST
 * contain at least 128 bits of randomness." {@link #random} gives 8 and 24 characters (48 and 144 bits).
 */
public record IceCredentials(String ufrag, String pwd) {

    static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    public static final int MIN_UFRAG = 4;
    public static final int MIN_PWD = 22;
    public static final int MAX_LENGTH = 256;
    public static final int GENERATED_UFRAG = 8;
    public static final int GENERATED_PWD = 24;

    public IceCredentials {
        String bad = problem("ice-ufrag", ufrag, MIN_UFRAG);
        if (bad == null) {
            bad = problem("ice-pwd", pwd, MIN_PWD);
        }
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
    }

    /** Fresh credentials from {@code random} (pass a {@link java.security.SecureRandom} in production). */
    public static IceCredentials random(RandomGenerator random) {
        return new IceCredentials(randomIceChars(random, GENERATED_UFRAG), randomIceChars(random, GENERATED_PWD));
    }

    static String randomIceChars(RandomGenerator random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length()));
        }
        return new String(chars);
    }

    /** Why {@code value} is not a valid ufrag/pwd, or null when it is. */
    static String problem(String attribute, String value, int minLength) {
        if (value == null) {
            return attribute + ": missing";
        }
        if (value.length() < minLength || value.length() > MAX_LENGTH) {
            return attribute + " length: " + value.length() + " (expected: " + minLength + ".." + MAX_LENGTH + ")";
        }
        for (int i = 0; i < value.length(); i++) {
            if (ICE_CHARS.indexOf(value.charAt(i)) < 0) {
                return attribute + ": character '" + value.charAt(i) + "' at " + i
                        + " (expected: ice-char ALPHA / DIGIT / \"+\" / \"/\")";
            }
        }
        return null;
    }
}
