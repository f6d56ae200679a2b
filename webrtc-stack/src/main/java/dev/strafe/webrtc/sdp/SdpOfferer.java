package dev.strafe.webrtc.sdp;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Client role (Java test and load clients): writes a browser-shaped data-only offer; the server's answer is
 * read back with {@link SdpParser#parseAnswer}. The offer says {@code a=setup:actpass}; with an ICE-lite
 * server answering {@code passive} the client is the DTLS client.
 */
public final class SdpOfferer {

    private final Fingerprint localFingerprint;
    private final long maxMessageSize;
    private final RandomGenerator random;

    /** A written offer with the credentials the client's ICE agent must use. */
    public record LocalOffer(String sdp, IceCredentials localIce) {
    }

    public SdpOfferer(Fingerprint localFingerprint, long maxMessageSize, RandomGenerator random) {
        if (!localFingerprint.isSha256()) {
            throw new IllegalArgumentException("localFingerprint: " + localFingerprint.hashFunction() + " (expected: sha-256)");
        }
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize: " + maxMessageSize + " (expected: >= 1)");
        }
        this.localFingerprint = localFingerprint;
        this.maxMessageSize = maxMessageSize;
        this.random = random;
    }

    /** An offer with mid {@code 0}, BUNDLE, {@code a=ice-options:trickle} and the given candidates. */
    public LocalOffer createOffer(List<IceCandidate> candidates) {
        IceCredentials ice = IceCredentials.random(random);
        String sdp = new SdpWriter()
                .session(random.nextLong(1, Long.MAX_VALUE), List.of("0"), false)
                .application(false, "0", ice, localFingerprint, SetupRole.ACTPASS, SdpAnswerer.LOCAL_SCTP_PORT,
                        maxMessageSize, candidates, true)
                .toString();
        return new LocalOffer(sdp, ice);
    }
}
