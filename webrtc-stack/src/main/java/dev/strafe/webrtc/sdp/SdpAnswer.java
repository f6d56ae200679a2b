package dev.strafe.webrtc.sdp;

/**
 * The server's answer to one offer.
 *
 * @param sdp        the answer text to return to the browser
 * @param localIce   our ufrag/pwd (the ICE layer authenticates binding requests with them)
 * @param localSetup {@link SetupRole#PASSIVE} (we are the DTLS server) or {@link SetupRole#ACTIVE} (DTLS client,
 *                   only when the offer said {@code a=setup:passive})
 * @param offer      the parsed offer (remote ICE credentials, fingerprint, sctp-port, max-message-size, mid)
 */
public record SdpAnswer(String sdp, IceCredentials localIce, SetupRole localSetup, SessionDescription offer) {

    /** True when the local endpoint is the DTLS server. */
    public boolean dtlsServer() {
        return localSetup == SetupRole.PASSIVE;
    }
}
