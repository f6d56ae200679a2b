package dev.strafe.webrtc.sctp.param;

import dev.strafe.webrtc.sctp.chunk.ByteIo;
import dev.strafe.webrtc.sctp.chunk.MalformedChunkException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An error cause in ABORT or ERROR (RFC 9260 §3.3.10): TLV like a parameter, cause code + info.
 */
public record ErrorCause(int code, byte[] info) {
    public static final int INVALID_STREAM_IDENTIFIER = 1;
    public static final int MISSING_MANDATORY_PARAMETER = 2;
    public static final int STALE_COOKIE_ERROR = 3;
    public static final int OUT_OF_RESOURCE = 4;
    public static final int UNRECOGNIZED_CHUNK_TYPE = 6;
    public static final int INVALID_MANDATORY_PARAMETER = 7;
    public static final int UNRECOGNIZED_PARAMETERS = 8;
    public static final int NO_USER_DATA = 9;
    public static final int COOKIE_RECEIVED_WHILE_SHUTTING_DOWN = 10;
    public static final int USER_INITIATED_ABORT = 12;
    public static final int PROTOCOL_VIOLATION = 13;

    public static ErrorCause protocolViolation(String text) {
        return new ErrorCause(PROTOCOL_VIOLATION, text.getBytes(StandardCharsets.UTF_8));
    }

    public static ErrorCause userInitiatedAbort(String text) {
        return new ErrorCause(USER_INITIATED_ABORT, text.getBytes(StandardCharsets.UTF_8));
    }

    public int encodedLength() {
        return 4 + info.length;
    }

    public static List<ErrorCause> decodeAll(byte[] b, int off, int len) throws MalformedChunkException {
        if (len == 0) {
            return List.of();
        }
        List<ErrorCause> out = new ArrayList<>(2);
        int end = off + len;
        int pos = off;
        while (pos < end) {
            if (out.size() == Params.MAX_PARAMS) {
                throw new MalformedChunkException("error cause count: > " + Params.MAX_PARAMS + " (expected: <= " + Params.MAX_PARAMS + ")");
            }
            int remaining = end - pos;
            if (remaining < 4) {
                throw new MalformedChunkException("error cause header: " + remaining + " bytes (expected: >= 4) at offset " + (pos - off));
            }
            int length = ByteIo.u16(b, pos + 2);
            if (length < 4 || length > remaining) {
                throw new MalformedChunkException("error cause length: " + length + " (expected: >= 4 and <= " + remaining + ") at offset " + (pos - off));
            }
            out.add(new ErrorCause(ByteIo.u16(b, pos), Params.copy(b, pos + 4, length - 4)));
            pos += Math.min(ByteIo.padded(length), remaining);
        }
        return out;
    }

    public static int encodedLength(List<ErrorCause> causes) {
        int n = 0;
        for (int i = 0; i < causes.size(); i++) {
            int len = causes.get(i).encodedLength();
            n += i == causes.size() - 1 ? len : ByteIo.padded(len);
        }
        return n;
    }

    public static void encodeAll(List<ErrorCause> causes, byte[] dst, int off) {
        int pos = off;
        for (int i = 0; i < causes.size(); i++) {
            ErrorCause c = causes.get(i);
            ByteIo.u16(dst, pos, c.code);
            ByteIo.u16(dst, pos + 2, c.encodedLength());
            System.arraycopy(c.info, 0, dst, pos + 4, c.info.length);
            pos += ByteIo.pad(dst, pos, c.encodedLength());
        }
    }

    @Override
    public String toString() {
        String name = switch (code) {
            case INVALID_STREAM_IDENTIFIER -> "Invalid Stream Identifier";
            case MISSING_MANDATORY_PARAMETER -> "Missing Mandatory Parameter";
            case STALE_COOKIE_ERROR -> "Stale Cookie Error";
            case OUT_OF_RESOURCE -> "Out of Resource";
            case UNRECOGNIZED_CHUNK_TYPE -> "Unrecognized Chunk Type";
            case INVALID_MANDATORY_PARAMETER -> "Invalid Mandatory Parameter";
            case UNRECOGNIZED_PARAMETERS -> "Unrecognized Parameters";
            case NO_USER_DATA -> "No User Data";
            case COOKIE_RECEIVED_WHILE_SHUTTING_DOWN -> "Cookie Received While Shutting Down";
            case USER_INITIATED_ABORT -> "User-Initiated Abort";
            case PROTOCOL_VIOLATION -> "Protocol Violation";
            default -> "cause " + code;
        };
        boolean text = code == USER_INITIATED_ABORT || code == PROTOCOL_VIOLATION;
        return text && info.length > 0 ? name + ": " + new String(info, StandardCharsets.UTF_8) : name;
    }
}
