package dev.strafe.webrtc.sctp;

/**
 * Serial number arithmetic (RFC 1982) for SCTP sequence numbers.
 *
 * <p>RFC 4960 / RFC 9260 §1.6 (Serial Number Arithmetic): "Comparisons and arithmetic on TSNs in this
 * document SHOULD use Serial Number Arithmetic as defined in [RFC1982] where SERIAL_BITS = 32"; "Transmission
 * Sequence Numbers wrap around when they reach 2**32 - 1. That is, the next TSN a DATA chunk MUST use after
 * transmitting TSN = 2**32 - 1 is TSN = 0." The same holds for Stream Sequence Numbers with SERIAL_BITS = 16
 * (they wrap from 65535 to 0, §6.5).
 *
 * <ul>
 *   <li>TSNs are Java {@code int}s read as unsigned 32-bit values; arithmetic wraps modulo 2^32 (plain
 *       {@code int} overflow does exactly that: {@code tsn + 1}).</li>
 *   <li>SSNs are Java {@code int}s holding an unsigned 16-bit value in {@code [0, 65535]}; arithmetic wraps
 *       modulo 2^16 ({@link #nextSsn(int)}, {@link #ssnDistance(int, int)}).</li>
 * </ul>
 *
 * <p>RFC 1982 leaves the comparison of two numbers exactly 2^(SERIAL_BITS-1) apart undefined; here such
 * a pair compares as {@code a < b} when {@code a - b} is the half-range (a total, antisymmetric-except-at-
 * half-range choice that matches {@code (int) (a - b) < 0}). Callers keep their windows far smaller than
 * half the number space, so that case never arises in a correct association.
 */
final class SerialNumbers {

    /** Number of distinct SSN values (2^16). */
    static final int SSN_MODULO = 1 << 16;
    /** Mask keeping an SSN in {@code [0, 65535]}. */
    static final int SSN_MASK = SSN_MODULO - 1;

    private SerialNumbers() {
    }

    // ---------------------------------------------------------------- TSN (32-bit)

    /** Signed serial difference {@code a - b} for 32-bit TSNs, in {@code [-2^31, 2^31 - 1]}. */
    static int tsnCompare(int a, int b) {
        return a - b;
    }

    /** {@code a < b} in 32-bit serial arithmetic. */
    static boolean tsnLt(int a, int b) {
        return a - b < 0;
    }

    /** {@code a <= b} in 32-bit serial arithmetic. */
    static boolean tsnLe(int a, int b) {
        return a - b <= 0;
    }

    /** {@code a > b} in 32-bit serial arithmetic. */
    static boolean tsnGt(int a, int b) {
        return a - b > 0;
    }

    /** {@code a >= b} in 32-bit serial arithmetic. */
    static boolean tsnGe(int a, int b) {
        return a - b >= 0;
    }

    /**
     * Forward distance from {@code from} to {@code to} modulo 2^32, as an unsigned value in a {@code long}
     * ({@code [0, 2^32 - 1]}): how many increments take {@code from} to {@code to}.
     */
    static long tsnDistance(int from, int to) {
        return Integer.toUnsignedLong(to - from);
    }

    /** The larger of two TSNs in serial arithmetic. */
    static int tsnMax(int a, int b) {
        return tsnGe(a, b) ? a : b;
    }

    /** The TSN as an unsigned decimal string (for messages and logs). */
    static String tsnToString(int tsn) {
        return Integer.toUnsignedString(tsn);
    }

    // ---------------------------------------------------------------- SSN (16-bit)

    /** Signed serial difference {@code a - b} for 16-bit SSNs, in {@code [-2^15, 2^15 - 1]}. */
    static int ssnCompare(int a, int b) {
        return (short) (a - b);
    }

    /** {@code a < b} in 16-bit serial arithmetic. */
    static boolean ssnLt(int a, int b) {
        return ssnCompare(a, b) < 0;
    }

    /** {@code a <= b} in 16-bit serial arithmetic. */
    static boolean ssnLe(int a, int b) {
        return ssnCompare(a, b) <= 0;
    }

    /** {@code a > b} in 16-bit serial arithmetic. */
    static boolean ssnGt(int a, int b) {
        return ssnCompare(a, b) > 0;
    }

    /** {@code a >= b} in 16-bit serial arithmetic. */
    static boolean ssnGe(int a, int b) {
        return ssnCompare(a, b) >= 0;
    }

    /** Forward distance from {@code from} to {@code to} modulo 2^16, in {@code [0, 65535]}. */
    static int ssnDistance(int from, int to) {
        return (to - from) & SSN_MASK;
    }

    /** {@code ssn + 1} modulo 2^16. */
    static int nextSsn(int ssn) {
        return (ssn + 1) & SSN_MASK;
    }
}
