package dev.strafe.webrtc.sdp;

/** RFC 3264 role of a description in the offer/answer exchange. */
public enum SdpType {
    OFFER,
    ANSWER
}
