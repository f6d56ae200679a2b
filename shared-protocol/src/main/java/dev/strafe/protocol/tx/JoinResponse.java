package dev.strafe.protocol.tx;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Answer to {@link JoinRequest}.
 *
 * @param answer      the server's SDP answer
 * @param sessionId   the session id (also the ICE username fragment owner)
 * @param resumeToken opaque token for {@link JoinRequest#resume()} after a disconnect
 * @param playerId    the player's entity id in snapshots (u16)
 * @param room        room parameters
 */
public record JoinResponse(String answer, String sessionId, String resumeToken, @JsonProperty(required = true) int playerId, RoomConfig room) {

    public JoinResponse {
        Checks.text("answer", answer, JoinRequest.MAX_OFFER_LENGTH, true);
        Checks.token("sessionId", sessionId, 128);
        Checks.text("resumeToken", resumeToken, JoinRequest.MAX_TOKEN_LENGTH, true);
        Checks.range("playerId", playerId, 0, 0xFFFF);
        Checks.present("room", room);
    }
}
