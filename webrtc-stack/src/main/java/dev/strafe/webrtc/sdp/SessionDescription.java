package dev.strafe.webrtc.sdp;

import java.util.List;

/**
 * What the stack needs from a remote data-only description (an offer on the server, an answer in the Java
 * client), taken from its one usable {@code m=application} section with session-level fallbacks.
 *
 * @param type             offer or answer
 * @param ice              remote ICE ufrag/pwd (media level, else session level)
 * @param iceLite          {@code a=ice-lite} present (session level)
 * @param iceOptions       {@code a=ice-options} tokens, e.g. {@code trickle}
 * @param fingerprint      the remote certificate's {@code sha-256} fingerprint (the one the DTLS layer checks)
 * @param fingerprints     every {@code a=fingerprint} that applies (RFC 8122 allows several hash functions)
 * @param setup            remote {@code a=setup}
 * @param mid              the application section's {@code a=mid}, null when absent
 * @param sctpPort         {@code a=sctp-port} (RFC 8841), or the legacy {@code a=sctpmap} port; 5000 when absent
 * @param maxMessageSize   {@code a=max-message-size}; 65536 when absent (RFC 8841 §6.1); 0 means "no limit"
 * @param legacySctpmap    the section is the pre-RFC 8841 form {@code DTLS/SCTP 5000} + {@code a=sctpmap}
 * @param candidates       {@code a=candidate} lines of the application section (all transports)
 * @param endOfCandidates  {@code a=end-of-candidates} present
 * @param bundleGroup      mids of {@code a=group:BUNDLE}, empty when absent
 * @param mediaSections    every m-line in order (the answer mirrors them)
 */
public record SessionDescription(SdpType type, IceCredentials ice, boolean iceLite, List<String> iceOptions,
                                 Fingerprint fingerprint, List<Fingerprint> fingerprints, SetupRole setup,
                                 String mid, int sctpPort, long maxMessageSize, boolean legacySctpmap,
                                 List<IceCandidate> candidates, boolean endOfCandidates,
                                 List<String> bundleGroup, List<MediaSection> mediaSections) {

    /** RFC 8841 §6.1: "If the SDP max-message-size attribute is not present, the default value is 64K." */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 65536;
    public static final int DEFAULT_SCTP_PORT = 5000;

    public SessionDescription {
        iceOptions = List.copyOf(iceOptions);
        fingerprints = List.copyOf(fingerprints);
        candidates = List.copyOf(candidates);
        bundleGroup = List.copyOf(bundleGroup);
        mediaSections = List.copyOf(mediaSections);
    }

    /** The usable application section. */
    public MediaSection applicationSection() {
        return mediaSections.stream().filter(MediaSection::usable).findFirst().orElseThrow();
    }
}
