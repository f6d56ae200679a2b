package dev.strafe.server;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerConfigTest {

    @Test
    void embeddedDefaultsServePort8080OnAllInterfaces() {
        ServerConfig config = ServerConfig.load(null, Map.of());
        assertEquals(8080, config.httpPort());
        assertEquals("0.0.0.0", config.httpHost());
    }

    @Test
    void fileOverridesDefaultsAndEnvOverridesFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("strafe.json");
        Files.writeString(file, "{\"http\":{\"port\":9000,\"host\":\"127.0.0.1\"}}");
        ServerConfig fromFile = ServerConfig.load(file, Map.of());
        assertEquals(9000, fromFile.httpPort());
        assertEquals("127.0.0.1", fromFile.httpHost());

        ServerConfig fromEnv = ServerConfig.load(file, Map.of("STRAFE_HTTP_PORT", "9100", "PATH", "/bin"));
        assertEquals(9100, fromEnv.httpPort());
        assertEquals("127.0.0.1", fromEnv.httpHost());
    }

    @Test
    void envOverrideKeepsTheTypeOfTheValueItReplaces() {
        ServerConfig config = ServerConfig.load(null, Map.of("STRAFE_HTTP_PORT", " 8181 "));
        assertEquals(8181, config.raw().getJsonObject("http").getValue("port"));
    }

    @Test
    void rejectsNonNumericPortFromEnvWithTheVariableName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.load(null, Map.of("STRAFE_HTTP_PORT", "eighty")));
        assertEquals("STRAFE_HTTP_PORT: 'eighty' (expected: a number)", e.getMessage());
    }

    @Test
    void rejectsPortOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.load(null, Map.of("STRAFE_HTTP_PORT", "70000")));
        assertEquals("http.port: 70000 (expected: 0..65535, 0 = any free port)", e.getMessage());
    }

    @Test
    void rejectsConfigFileThatIsNotJson(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "port = 80");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerConfig.load(file, Map.of()));
        assertTrue(e.getMessage().startsWith("config file " + file + " is not valid JSON"), e.getMessage());
    }

    @Test
    void describeMasksSecretsAtAnyDepth() {
        JsonObject raw = new JsonObject()
                .put("http", new JsonObject().put("host", "0.0.0.0").put("port", 8080))
                .put("auth", new JsonObject().put("jwtSecret", "hunter2").put("enabled", true));
        String printed = ServerConfig.fromJson(raw).describe();
        assertFalse(printed.contains("hunter2"), printed);
        assertTrue(printed.contains("\"jwtSecret\" : \"****\""), printed);
        assertEquals("hunter2", raw.getJsonObject("auth").getString("jwtSecret"), "describe() must not change the config");
    }
}
