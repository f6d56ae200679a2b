package dev.strafe.protocol.tx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.JsonFactory;
import dev.strafe.protocol.ProtocolException;

import java.nio.charset.StandardCharsets;

/**
 * JSON for the {@code tx} channel and signaling, with one shared, thread-safe {@link ObjectMapper}.
 *
 * <p>Reading is bounded: at most {@link #MAX_MESSAGE_BYTES} bytes, nesting depth {@link #MAX_DEPTH}; unknown
 * properties and unknown or missing {@code type} values are rejected. Every failure is a
 * {@link ProtocolException} (offset -1) whose message names the problem, e.g.
 * {@code "tx json: unknown type 'tx.bogus' (expected: one of room.event, tx.request, tx.result)"}.
 * The control plane may allocate; this is not on the tick path.
 */
public final class TxJson {

    /** Largest accepted JSON message (a tx message or a signaling body incl. the SDP offer). */
    public static final int MAX_MESSAGE_BYTES = 32 * 1024;
    public static final int MAX_DEPTH = 16;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(MAX_MESSAGE_BYTES)
                            .maxNumberLength(32)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    private TxJson() {
    }

    /** The shared mapper (thread-safe; do not reconfigure). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Reads a {@code tx} channel message. */
    public static TxMessage readTx(String json) {
        return read(json, TxMessage.class);
    }

    /** Reads a {@code tx} channel message from UTF-8 bytes. */
    public static TxMessage readTx(byte[] utf8) {
        return read(utf8, TxMessage.class);
    }

    /** Reads any DTO of this package (signaling bodies: {@link JoinRequest}, {@link JoinResponse}, {@link Problem}). */
    public static <T> T read(String json, Class<T> type) {
        if (json == null) {
            throw new ProtocolException("tx json: null", -1);
        }
        if (json.length() > MAX_MESSAGE_BYTES) { // chars <= bytes in UTF-8: a cheap early bound
            throw tooLarge(json.length());
        }
        return read(json.getBytes(StandardCharsets.UTF_8), type);
    }

    public static <T> T read(byte[] utf8, Class<T> type) {
        if (utf8 == null) {
            throw new ProtocolException("tx json: null", -1);
        }
        if (utf8.length > MAX_MESSAGE_BYTES) {
            throw tooLarge(utf8.length);
        }
        try {
            T value = MAPPER.readValue(utf8, type);
            if (value == null) {
                throw new ProtocolException("tx json: null (expected: an object)", -1);
            }
            return value;
        } catch (InvalidTypeIdException e) {
            String id = e.getTypeId();
            throw new ProtocolException(id == null
                    ? "tx json: missing type (expected: property 'type')"
                    : "tx json: unknown type '" + id + "' (expected: one of room.event, tx.request, tx.result)", e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ProtocolException("tx json: " + cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("tx json: " + e.getOriginalMessage() + location(e), e);
        } catch (java.io.IOException e) {
            throw new ProtocolException("tx json: " + e.getMessage(), e);
        }
    }

    /** Writes any DTO of this package as compact JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serializable: " + value.getClass().getName(), e);
        }
    }

    /** Writes a {@code tx} message (always with its {@code type}). */
    public static String writeTx(TxMessage message) {
        try {
            return MAPPER.writerFor(TxMessage.class).writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serializable: " + message, e);
        }
    }

    private static ProtocolException tooLarge(int length) {
        return new ProtocolException("tx json: length " + length + " (expected: <= " + MAX_MESSAGE_BYTES + ")", -1);
    }

    private static String location(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "" : " at line " + loc.getLineNr() + " column " + loc.getColumnNr();
    }
}
