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

    @Test
    void defaultsCoverEveryOperationsSection() {
        ServerConfig config = ServerConfig.load(null, Map.of());
        assertEquals(new ServerConfig.Udp("0.0.0.0", 10000, "127.0.0.1", java.util.List.of("127.0.0.0/8", "::1/128")), config.udp());
        assertEquals(new ServerConfig.Limits(1000, 2.0, 10, 100_000), config.limits());
        assertTrue(config.auth().enabled());
        assertEquals("", config.auth().secret());
        assertEquals(java.time.Duration.ofMinutes(15), config.auth().tokenTtl());
        assertEquals(java.time.Duration.ofSeconds(30), config.drain().grace());
        assertEquals(32 * 1024, config.maxBodyBytes());
        assertEquals(20, config.rooms().tickRate());
    }

    @Test
    void envOverridesCamelCaseKeysIgnoringCaseAndListsByComma() {
        ServerConfig config = ServerConfig.load(null, Map.of(
                "STRAFE_UDP_ADVERTISEDADDRESS", "203.0.113.7",
                "STRAFE_UDP_ALLOWEDNETWORKS", "0.0.0.0/0, ::/0",
                "STRAFE_LIMITS_JOINRATEPERSECOND", "0.5",
                "STRAFE_AUTH_ENABLED", "false",
                "STRAFE_DRAIN_GRACEMILLIS", "5000"));
        assertEquals("203.0.113.7", config.udp().advertisedAddress());
        assertEquals(java.util.List.of("0.0.0.0/0", "::/0"), config.udp().allowedNetworks());
        assertEquals(0.5, config.limits().joinRatePerSecond());
        assertFalse(config.auth().enabled());
        assertEquals(5000, config.drain().grace().toMillis());
        assertFalse(config.raw().getJsonObject("udp").containsKey("advertisedaddress"), "no lower-cased twin key");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}={1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "STRAFE_UDP_PORT|70000|udp.port: 70000 (expected: 0..65535)",
            "STRAFE_UDP_ADVERTISEDADDRESS|0.0.0.0|udp.advertisedAddress: '0.0.0.0' (expected: an IPv4 or IPv6 address literal that is not a wildcard)",
            "STRAFE_UDP_ADVERTISEDADDRESS|game.example.com|udp.advertisedAddress: 'game.example.com' (expected: an IPv4 or IPv6 address literal that is not a wildcard)",
            "STRAFE_UDP_ADVERTISEDADDRESS|''|udp.advertisedAddress: empty while udp.host is 0.0.0.0 (expected: the address browsers reach this node at, e.g. its public IP behind 1:1 NAT)",
            "STRAFE_UDP_ALLOWEDNETWORKS|10.0.0.0/33|udp.allowedNetworks: '10.0.0.0/33' prefix 33 (expected: 0..32)",
            "STRAFE_UDP_ALLOWEDNETWORKS|10.0.0.300/8|udp.allowedNetworks: '10.0.0.300/8' (expected: a CIDR like 10.0.0.0/8 or ::/0)",
            "STRAFE_UDP_ALLOWEDNETWORKS|10.0.0.0|udp.allowedNetworks: '10.0.0.0' (expected: a CIDR like 10.0.0.0/8 or ::/0)",
            "STRAFE_UDP_ALLOWEDNETWORKS|''|udp.allowedNetworks: [] (expected: a non-empty list of CIDRs, e.g. [\"0.0.0.0/0\", \"::/0\"])",
            "STRAFE_LIMITS_MAXPLAYERS|0|limits.maxPlayers: 0 (expected: 1..100000)",
            "STRAFE_LIMITS_JOINRATEPERSECOND|0|limits.joinRatePerSecond: 0.0 (expected: a number > 0 and <= 1000000)",
            "STRAFE_LIMITS_JOINBURST|0|limits.joinBurst: 0 (expected: 1..1000000)",
            "STRAFE_AUTH_TOKENTTLSECONDS|1|auth.tokenTtlSeconds: 1 (expected: 10..604800)",
            "STRAFE_AUTH_SECRET|short|auth.secret: 5 chars (expected: >= 32, or empty to generate one at start)",
            "STRAFE_DRAIN_GRACEMILLIS|-1|drain.graceMillis: -1 (expected: 0..600000)",
            "STRAFE_HTTP_MAXBODYBYTES|10|http.maxBodyBytes: 10 (expected: 1024..1048576)",
            "STRAFE_HTTP_CORSORIGINS|https://game.example.com/play|http.corsOrigins: 'https://game.example.com/play' (expected: scheme://host[:port] without path, e.g. https://game.example.com, or *)",
    })
    void rejectsBadOperationsValuesWithPathAndExpectedRange(String variable, String value, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerConfig.load(null, Map.of(variable, value)));
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("short") && variable.endsWith("SECRET"), "a secret is never echoed");
    }

    @Test
    void debugSessionDropIsOffByDefaultAndOnlyTakesABoolean() {
        assertFalse(ServerConfig.load(null, Map.of()).debugSessionDrop());
        assertTrue(ServerConfig.fromJson(new JsonObject().put("debug", new JsonObject().put("sessionDrop", true))).debugSessionDrop());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.fromJson(new JsonObject().put("debug", new JsonObject().put("sessionDrop", "yes"))));
        assertEquals("debug.sessionDrop: yes (expected: true or false)", e.getMessage());
    }

    @Test
    void describeMasksTheAuthSecret() {
        ServerConfig config = ServerConfig.load(null, Map.of("STRAFE_AUTH_SECRET", "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t"));
        assertFalse(config.describe().contains("s3cr3t"), config.describe());
        assertFalse(config.auth().toString().contains("s3cr3t"), config.auth().toString());
        assertTrue(config.describe().contains("\"tokenTtlSeconds\" : 900"), "a TTL is not a secret");
        JsonObject other = new JsonObject().put("db", new JsonObject().put("apiKey", "k1").put("refreshToken", "t1").put("password", "p1"));
        String printed = ServerConfig.fromJson(other).describe();
        assertFalse(printed.contains("k1") || printed.contains("t1") || printed.contains("p1"), printed);
    }
}
