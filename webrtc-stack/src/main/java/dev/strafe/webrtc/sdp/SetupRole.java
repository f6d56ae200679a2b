package dev.strafe.webrtc.sdp;

/**
 * RFC 4145 §4 / RFC 8842 {@code a=setup} value: who starts the DTLS handshake.
 * <pre>
 *   setup-attr = "a=setup:" role
 *   role       = "active" / "passive" / "actpass" / "holdconn"
 * </pre>
 * {@code active} is the DTLS client, {@code passive} the DTLS server. RFC 8842 §5.2: an offer MUST use
 * {@code actpass}; the answer MUST use {@code active} or {@code passive}. We accept {@code active} and
 * {@code passive} in offers too (older endpoints send them) and refuse {@code holdconn}.
 */
public enum SetupRole {
    ACTPASS("actpass"),
    ACTIVE("active"),
    PASSIVE("passive"),
    HOLDCONN("holdconn");

    private final String sdpName;

    SetupRole(String sdpName) {
        this.sdpName = sdpName;
    }

    public String sdpName() {
        return sdpName;
    }

    static SetupRole parse(String value, int line) throws SdpException {
        for (SetupRole role : values()) {
            if (role.sdpName.equalsIgnoreCase(value)) {
                return role;
            }
        }
        throw new SdpException(line, "a=setup: '" + value + "' (expected: actpass, active, passive or holdconn)");
    }

    @Override
    public String toString() {
        return sdpName;
    }
}
