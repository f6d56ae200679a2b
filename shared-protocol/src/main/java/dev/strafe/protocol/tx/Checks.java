package dev.strafe.protocol.tx;

import java.util.regex.Pattern;

/** Field checks shared by the DTO constructors; failures are {@link IllegalArgumentException}s. */
final class Checks {

    /** Transaction ids, kinds and session ids: printable, no spaces. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:\\-]+");

    private Checks() {
    }

    static String token(String name, String value, int maxLength) {
        if (value == null) {
            throw new IllegalArgumentException(name + ": missing");
        }
        if (value.isEmpty() || value.length() > maxLength) {
            throw new IllegalArgumentException(name + ": length " + value.length() + " (expected: 1.." + maxLength + ")");
        }
        if (!TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException(name + ": '" + value + "' (expected: [A-Za-z0-9._:-]+)");
        }
        return value;
    }

    static String text(String name, String value, int maxLength, boolean required) {
        if (value == null) {
            if (required) {
                throw new IllegalArgumentException(name + ": missing");
            }
            return null;
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(name + ": length " + value.length() + " (expected: <= " + maxLength + ")");
        }
        return value;
    }

    static <T> T present(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + ": missing");
        }
        return value;
    }

    static long nonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
        }
        return value;
    }

    static int range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + ".." + max + ")");
        }
        return value;
    }
}
