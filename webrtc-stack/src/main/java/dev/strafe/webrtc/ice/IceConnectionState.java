package dev.strafe.webrtc.ice;

/**
 * ICE connection state as the browser's {@code RTCIceConnectionState} names it (W3C webrtc-pc §5.6), driven here by
 * RFC 8445 checks and RFC 7675 consent freshness.
 *
 * <pre>
 *  NEW ──valid check──▶ CHECKING ──nominated check──▶ CONNECTED ◀──valid check── DISCONNECTED
 *   │                      │                            │  no consent for disconnectedAfter ──▶ │
 *   └──── failedAfter without a nomination ──▶ FAILED ◀─┴──── no consent for failedAfter ───────┘
 *  any ──close()──▶ CLOSED
 * </pre>
 */
public enum IceConnectionState {
    NEW,
    CHECKING,
    CONNECTED,
    DISCONNECTED,
    FAILED,
    CLOSED;

    /** FAILED and CLOSED are terminal: the peer must be torn down (consent is revoked, RFC 7675 §5.1). */
    public boolean isTerminal() {
        return this == FAILED || this == CLOSED;
    }
}
