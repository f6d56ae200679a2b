package dev.strafe.protocol.tx;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Room parameters the client needs, sent in {@link JoinResponse}.
 *
 * @param id               room id
 * @param tickRate         simulation ticks per second (1..128)
 * @param snapshotRate     snapshots per second sent to each player (1..tickRate)
 * @param capacity         maximum players (1..1024)
 * @param protocolVersion  {@code pos} schema version the server writes
 * @param maxSnapshotBytes upper bound of a snapshot message
 * @param world            arena and movement constants for client-side prediction; optional (absent: the
 *                         client uses its defaults, 4000 x 3000 cm at 600 cm/s)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoomConfig(
        String id,
        @JsonProperty(required = true) int tickRate,
        @JsonProperty(required = true) int snapshotRate,
        @JsonProperty(required = true) int capacity,
        @JsonProperty(required = true) int protocolVersion,
        @JsonProperty(required = true) int maxSnapshotBytes,
        WorldConfig world) {

    public RoomConfig {
        Checks.token("id", id, 64);
        Checks.range("tickRate", tickRate, 1, 128);
        Checks.range("snapshotRate", snapshotRate, 1, tickRate);
        Checks.range("capacity", capacity, 1, 1024);
        Checks.range("protocolVersion", protocolVersion, 1, 255);
        Checks.range("maxSnapshotBytes", maxSnapshotBytes, 64, 65535);
    }

    /** A room config without {@link WorldConfig} (the client predicts with its defaults). */
    public RoomConfig(String id, int tickRate, int snapshotRate, int capacity, int protocolVersion, int maxSnapshotBytes) {
        this(id, tickRate, snapshotRate, capacity, protocolVersion, maxSnapshotBytes, null);
    }
}
