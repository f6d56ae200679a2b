package dev.strafe.webrtc.sctp.param;

/**
 * A TLV parameter inside INIT, INIT ACK, HEARTBEAT or RE-CONFIG (RFC 9260 §3.2.1):
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Parameter Type       |       Parameter Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /                       Parameter Value                         /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Unknown types decode to {@link UnknownParam}, whose two high bits tell the receiver what to do.
 */
public sealed interface Param permits StateCookieParam, ForwardTsnSupportedParam, SupportedExtensionsParam,
        OutgoingSsnResetRequestParam, IncomingSsnResetRequestParam, ReconfigurationResponseParam,
        HeartbeatInfoParam, UnrecognizedParam, UnknownParam {

    int HEADER_LENGTH = 4;

    int HEARTBEAT_INFO = 1;
    int STATE_COOKIE = 7;
    int UNRECOGNIZED_PARAMETER = 8;
    int OUTGOING_SSN_RESET_REQUEST = 13;
    int INCOMING_SSN_RESET_REQUEST = 14;
    int RECONFIGURATION_RESPONSE = 16;
    int SUPPORTED_EXTENSIONS = 0x8008;
    int FORWARD_TSN_SUPPORTED = 0xC000;

    int type();

    /** Bytes of the value, without padding. */
    int valueLength();

    void encodeValue(byte[] dst, int off);

    /** Parameter Length field: 4 + value length. */
    default int encodedLength() {
        return HEADER_LENGTH + valueLength();
    }
}
