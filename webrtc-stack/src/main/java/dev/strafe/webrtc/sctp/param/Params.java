package dev.strafe.webrtc.sctp.param;

import dev.strafe.webrtc.sctp.chunk.ByteIo;
import dev.strafe.webrtc.sctp.chunk.MalformedChunkException;

import java.util.ArrayList;
import java.util.List;

/** Encoding and decoding of parameter lists (RFC 9260 §3.2.1), with padding between parameters. */
public final class Params {
    /** Parameters accepted in one chunk; more is treated as malformed (bounds allocation). */
    public static final int MAX_PARAMS = 256;

    private Params() {
    }

    /**
     * Decodes a list of parameters filling exactly {@code len} bytes (the last one may be unpadded).
     */
    public static List<Param> decodeAll(byte[] b, int off, int len) throws MalformedChunkException {
        if (len == 0) {
            return List.of();
        }
        List<Param> out = new ArrayList<>(4);
        int end = off + len;
        int pos = off;
        while (pos < end) {
            if (out.size() == MAX_PARAMS) {
                throw new MalformedChunkException("parameter count: > " + MAX_PARAMS + " (expected: <= " + MAX_PARAMS + ")");
            }
            int remaining = end - pos;
            if (remaining < Param.HEADER_LENGTH) {
                throw new MalformedChunkException("parameter header: " + remaining + " bytes (expected: >= 4) at offset " + (pos - off));
            }
            int length = ByteIo.u16(b, pos + 2);
            if (length < Param.HEADER_LENGTH) {
                throw new MalformedChunkException("parameter length: " + length + " (expected: >= 4) at offset " + (pos - off));
            }
            if (length > remaining) {
                throw new MalformedChunkException("parameter length: " + length + " (expected: <= " + remaining + ") at offset " + (pos - off));
            }
            out.add(decode(b, pos, length));
            pos += Math.min(ByteIo.padded(length), remaining);
        }
        return out;
    }

    /** Decodes one parameter of Parameter Length {@code length} at {@code off}. */
    public static Param decode(byte[] b, int off, int length) throws MalformedChunkException {
        int type = ByteIo.u16(b, off);
        int v = off + Param.HEADER_LENGTH;
        int vlen = length - Param.HEADER_LENGTH;
        return switch (type) {
            case Param.HEARTBEAT_INFO -> new HeartbeatInfoParam(copy(b, v, vlen));
            case Param.STATE_COOKIE -> new StateCookieParam(copy(b, v, vlen));
            case Param.UNRECOGNIZED_PARAMETER -> new UnrecognizedParam(copy(b, v, vlen));
            case Param.OUTGOING_SSN_RESET_REQUEST -> OutgoingSsnResetRequestParam.decode(b, v, vlen);
            case Param.INCOMING_SSN_RESET_REQUEST -> IncomingSsnResetRequestParam.decode(b, v, vlen);
            case Param.RECONFIGURATION_RESPONSE -> ReconfigurationResponseParam.decode(b, v, vlen);
            case Param.SUPPORTED_EXTENSIONS -> new SupportedExtensionsParam(copy(b, v, vlen));
            case Param.FORWARD_TSN_SUPPORTED -> {
                if (vlen != 0) {
                    throw new MalformedChunkException("Forward-TSN-Supported parameter length: " + length + " (expected: 4)");
                }
                yield ForwardTsnSupportedParam.INSTANCE;
            }
            default -> new UnknownParam(type, copy(b, v, vlen));
        };
    }

    /** Bytes of {@code params} when encoded: each padded except the last (RFC 9260 §3.2). */
    public static int encodedLength(List<? extends Param> params) {
        int n = 0;
        for (int i = 0; i < params.size(); i++) {
            int len = params.get(i).encodedLength();
            n += i == params.size() - 1 ? len : ByteIo.padded(len);
        }
        return n;
    }

    /** Writes {@code params} at {@code off}; returns {@link #encodedLength}. */
    public static int encodeAll(List<? extends Param> params, byte[] dst, int off) {
        int pos = off;
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            int len = encode(p, dst, pos);
            pos += i == params.size() - 1 ? len : ByteIo.pad(dst, pos, len);
        }
        return pos - off;
    }

    /** Writes one parameter (no trailing padding); returns its Parameter Length. */
    public static int encode(Param p, byte[] dst, int off) {
        int len = p.encodedLength();
        ByteIo.u16(dst, off, p.type());
        ByteIo.u16(dst, off + 2, len);
        p.encodeValue(dst, off + Param.HEADER_LENGTH);
        return len;
    }

    static byte[] copy(byte[] b, int off, int len) {
        byte[] out = new byte[len];
        System.arraycopy(b, off, out, 0, len);
        return out;
    }
}
