package dev.strafe.webrtc.dtls;

/**
 * DTLS knobs, validated when built.
 *
 * @param handshakeTimeoutMillis  whole handshake, from session start to Finished (cookie exchange included)
 * @param initialResendMillis     first retransmission timeout of a flight (RFC 6347 §4.2.4.1 recommends 1 s;
 *                                BC doubles it up to 60 s)
 * @param mtu                     largest datagram we send (record header and AEAD overhead included); 1200
 *                                matches the SCTP layer
 * @param maxDatagramSize         largest datagram we accept from the peer
 * @param handshakeQueueCapacity  datagrams buffered for the handshake thread; more are dropped and counted
 * @param ownRecordLayer          after the handshake, protect application_data and alert records with our
 *                                allocation-free {@link DtlsRecordProtection} (default) instead of Bouncy
 *                                Castle's {@code DTLSTransport}; false is the fallback and the benchmark baseline
 */
public record DtlsSettings(int handshakeTimeoutMillis, int initialResendMillis, int mtu, int maxDatagramSize,
                           int handshakeQueueCapacity, boolean ownRecordLayer) {

    public static final DtlsSettings DEFAULT = new DtlsSettings(10_000, 1_000, 1_200, 1_500, 32, true);

    /** With our own record layer ({@link #ownRecordLayer()} true). */
    public DtlsSettings(int handshakeTimeoutMillis, int initialResendMillis, int mtu, int maxDatagramSize,
                        int handshakeQueueCapacity) {
        this(handshakeTimeoutMillis, initialResendMillis, mtu, maxDatagramSize, handshakeQueueCapacity, true);
    }

    public DtlsSettings {
        check("handshakeTimeoutMillis", handshakeTimeoutMillis, 10, 600_000);
        check("initialResendMillis", initialResendMillis, 1, 60_000);
        check("mtu", mtu, 256, 65_507);
        check("maxDatagramSize", maxDatagramSize, mtu, 65_507);
        check("handshakeQueueCapacity", handshakeQueueCapacity, 4, 4_096);
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + ".." + max + ")");
        }
    }

    public DtlsSettings withHandshakeTimeoutMillis(int millis) {
        return new DtlsSettings(millis, initialResendMillis, mtu, maxDatagramSize, handshakeQueueCapacity,
                ownRecordLayer);
    }

    public DtlsSettings withInitialResendMillis(int millis) {
        return new DtlsSettings(handshakeTimeoutMillis, millis, mtu, maxDatagramSize, handshakeQueueCapacity,
                ownRecordLayer);
    }

    public DtlsSettings withMtu(int mtu) {
        return new DtlsSettings(handshakeTimeoutMillis, initialResendMillis, mtu, Math.max(mtu, maxDatagramSize),
                handshakeQueueCapacity, ownRecordLayer);
    }

    /** False falls back to Bouncy Castle's record layer after the handshake (comparison, safety net). */
    public DtlsSettings withOwnRecordLayer(boolean own) {
        return new DtlsSettings(handshakeTimeoutMillis, initialResendMillis, mtu, maxDatagramSize,
                handshakeQueueCapacity, own);
    }
}
