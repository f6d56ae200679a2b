package dev.strafe.protocol.tx;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of {@code POST /v1/rooms/{room}/join}.
 *
 * @param offer  the browser's SDP offer
 * @param name   display name, 1..32 chars
 * @param token  optional auth token
 * @param resume optional resume token from a previous {@link JoinResponse}, to resume the session after a
 *               disconnect or node failure
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JoinRequest(String offer, String name, String token, String resume) {

    public static final int MAX_OFFER_LENGTH = 16 * 1024;
    public static final int MAX_NAME_LENGTH = 32;
    public static final int MAX_TOKEN_LENGTH = 1024;

    public JoinRequest {
        Checks.text("offer", offer, MAX_OFFER_LENGTH, true);
        Checks.text("name", name, MAX_NAME_LENGTH, true);
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: blank (expected: 1.." + MAX_NAME_LENGTH + " chars)");
        }
        Checks.text("token", token, MAX_TOKEN_LENGTH, false);
        Checks.text("resume", resume, MAX_TOKEN_LENGTH, false);
    }
}
