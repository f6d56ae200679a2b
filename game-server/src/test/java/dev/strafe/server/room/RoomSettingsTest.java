package dev.strafe.server.room;

import dev.strafe.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RoomSettingsTest {

    @Test
    void readsNestedKeysOverTheDefaults() {
        RoomSettings s = RoomSettings.fromMap(Map.of("tick", Map.of("rate", 60), "capacity", 16,
                "coins", Map.of("max", 4), "shop", Map.of("cape", 2)));
        assertEquals(60, s.tickRate());
        assertEquals(16, s.capacity());
        assertEquals(4, s.coinMax());
        assertEquals(Map.of("cape", 2), s.prices());
        assertEquals(RoomSettings.defaults().worldWidthCm(), s.worldWidthCm());
        assertEquals(10.0, s.stepCm());
    }

    @Test
    void appliesACustomSectionPerRoom() {
        Map<String, Object> section = Map.of("custom", Map.of("fast", Map.of("tick", Map.of("rate", 50))));
        RoomSettings defaults = RoomSettings.fromMap(section);
        assertEquals(50, RoomSettings.forRoom(section, defaults, "fast").tickRate());
        assertSame(defaults, RoomSettings.forRoom(section, defaults, "other"));
    }

    @Test
    void serverConfigReadsTheRoomsSectionWithEnvOverrides() {
        ServerConfig config = ServerConfig.load(null, Map.of("STRAFE_ROOMS_TICK_RATE", "30", "STRAFE_ROOMS_CAPACITY", "8"));
        assertEquals(30, config.rooms().tickRate());
        assertEquals(8, config.rooms().capacity());
        assertEquals(Map.of("speed-boots", 5, "hat", 3, "shield", 8), config.rooms().prices());
        assertEquals(RoomSettings.defaults(), ServerConfig.load(null, Map.of()).rooms());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.load(null, Map.of("STRAFE_ROOMS_TICK_RATE", "90")));
        assertEquals("rooms.tick.rate: 90 (expected: 1..60)", e.getMessage());
    }

    @Test
    void serverConfigReadsNestedSectionsFromAConfigFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("strafe.json");
        java.nio.file.Files.writeString(file, """
                {"rooms": {"coins": {"max": 4}, "custom": {"fast": {"tick": {"rate": 50}}}}}
                """);
        ServerConfig config = ServerConfig.load(file, Map.of());
        assertEquals(4, config.rooms().coinMax());
        assertEquals(20, config.rooms().tickRate());
        assertEquals(50, RoomSettings.forRoom(config.roomsSection(), config.rooms(), "fast").tickRate());
        assertEquals(4, RoomSettings.forRoom(config.roomsSection(), config.rooms(), "fast").coinMax());

        java.nio.file.Files.writeString(file, """
                {"rooms": {"custom": {"turbo": {"tick": {"rate": 120}}}}}
                """);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerConfig.load(file, Map.of()));
        assertEquals("rooms.custom.turbo: rooms.tick.rate: 120 (expected: 1..60)", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "tick rate above 60  | tick.rate=90        | rooms.tick.rate: 90 (expected: 1..60)",
            "capacity 0          | capacity=0          | rooms.capacity: 0 (expected: 1..128)",
            "too many entities   | coins.max=100       | rooms.capacity + rooms.coins.max: 132 (expected: <= 128, the entities of one snapshot)",
            "queue 0             | input.queue=0       | rooms.input.queue: 0 (expected: 1..64)",
            "world too large     | world.width=9000000 | rooms.world.width: 9000000 (expected: 100..8388607)",
            "text instead of int | capacity=many       | rooms.capacity: many (expected: an integer)",
            "negative grace      | reap.grace=-1       | rooms.reap.grace: -1 (expected: 0..86400000 ms)",
            "free item           | shop.hat=0          | rooms.shop.hat: 0 (expected: a price >= 1)"})
    void rejectsBadValuesWithAClearMessage(String name, String assignment, String message) {
        String[] kv = assignment.split("=");
        String[] path = kv[0].split("\\.");
        Object value = kv[1].matches("-?\\d+") ? (Object) Integer.parseInt(kv[1]) : kv[1];
        Map<String, Object> section = path.length == 1 ? Map.of(path[0], value) : Map.of(path[0], Map.of(path[1], value));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RoomSettings.fromMap(section));
        assertEquals(message, e.getMessage());
    }
}
