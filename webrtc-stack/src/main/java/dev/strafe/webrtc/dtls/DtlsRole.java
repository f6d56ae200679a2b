package dev.strafe.webrtc.dtls;

/** Which side of the DTLS handshake we are: SDP {@code a=setup:passive} is the server, {@code active} the client. */
public enum DtlsRole {
    SERVER,
    CLIENT
}
