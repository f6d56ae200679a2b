package dev.strafe.webrtc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Builds the ICE-lite answer of the server (RFC 8839 §5.3 {@code a=ice-lite}, RFC 8842 setup, RFC 8841 SCTP).
 *
 * <p>Rules: the application section is accepted with our ICE credentials (fresh per answer), our sha-256
 * fingerprint, {@code a=setup:passive} (we are the DTLS server) unless the offer is {@code passive} (then
 * {@code active}), the offered {@code a=mid}, {@code a=sctp-port:5000} (or the legacy sctpmap form when the
 * offer used it), our {@code a=max-message-size} and our host candidates followed by
 * {@code a=end-of-candidates}. Every other m-section is rejected with port 0. The BUNDLE group, when offered,
 * lists only the accepted mid. Thread-safe if the {@link RandomGenerator} is (SecureRandom is).
 */
public final class SdpAnswerer {

    public static final int LOCAL_SCTP_PORT = 5000;

    private final Fingerprint localFingerprint;
    private final List<IceCandidate> localCandidates;
    private final long maxMessageSize;
    private final RandomGenerator random;

    /**
     * @param localFingerprint sha-256 fingerprint of our DTLS certificate
     * @param localCandidates  our advertised candidates (typically one {@link IceCandidate#host} per UDP endpoint)
     * @param maxMessageSize   largest message we accept (advertised as {@code a=max-message-size}), > 0
     * @param random           source for ICE credentials and the session id (a SecureRandom in production)
     */
    public SdpAnswerer(Fingerprint localFingerprint, List<IceCandidate> localCandidates, long maxMessageSize,
                       RandomGenerator random) {
        if (!localFingerprint.isSha256()) {
            throw new IllegalArgumentException("localFingerprint: " + localFingerprint.hashFunction() + " (expected: sha-256)");
        }
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize: " + maxMessageSize + " (expected: >= 1)");
        }
        this.localFingerprint = localFingerprint;
        this.localCandidates = List.copyOf(localCandidates);
        this.maxMessageSize = maxMessageSize;
        this.random = random;
    }

    /** Answers {@code offer} with fresh credentials. */
    public SdpAnswer answer(SessionDescription offer) {
        return answer(offer, IceCredentials.random(random), random.nextLong(1, Long.MAX_VALUE));
    }

    /** Answers {@code offer} with the given credentials and session id (deterministic, for tests). */
    public SdpAnswer answer(SessionDescription offer, IceCredentials localIce, long sessionId) {
        if (offer.type() != SdpType.OFFER) {
            throw new IllegalArgumentException("offer.type: " + offer.type() + " (expected: OFFER)");
        }
        SetupRole setup = offer.setup() == SetupRole.PASSIVE ? SetupRole.ACTIVE : SetupRole.PASSIVE;
        MediaSection app = offer.applicationSection();
        List<String> bundle = new ArrayList<>();
        if (app.mid() != null && offer.bundleGroup().contains(app.mid())) {
            bundle.add(app.mid());
        }
        SdpWriter w = new SdpWriter().session(sessionId, bundle, true);
        for (MediaSection section : offer.mediaSections()) {
            if (section.usable()) {
                w.application(offer.legacySctpmap(), section.mid(), localIce, localFingerprint, setup,
                        LOCAL_SCTP_PORT, maxMessageSize, localCandidates, false);
            } else {
                w.rejected(section);
            }
        }
        return new SdpAnswer(w.toString(), localIce, setup, offer);
    }
}
