package dev.strafe.server.auth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResumeTokensTest {

    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final long NOW = 1_700_000_000_000L;
    static final ResumeTokens TOKENS = new ResumeTokens(SECRET, Duration.ofHours(1));

    @Test
    void roundTripsThePlayerKeyForTheSameRoom() {
        String token = TOKENS.mint("arena", "g-abc_DEF-123", NOW);
        assertTrue(token.startsWith("r1."), token);
        assertEquals("g-abc_DEF-123", TOKENS.verify(token, "arena", NOW + 3_599_000));
    }

    @Test
    void anotherNodeWithTheSameSecretAcceptsIt() {
        String token = TOKENS.mint("arena", "p1", NOW);
        assertEquals("p1", new ResumeTokens(SECRET.clone(), Duration.ofHours(1)).verify(token, "arena", NOW));
    }

    @Test
    void aNodeWithAnotherSecretRefusesIt() {
        String token = TOKENS.mint("arena", "p1", NOW);
        ResumeTokens other = new ResumeTokens("another-secret-another-secret-xx".getBytes(StandardCharsets.UTF_8), Duration.ofHours(1));
        assertEquals("resume token: bad signature",
                assertThrows(InvalidTokenException.class, () -> other.verify(token, "arena", NOW)).getMessage());
    }

    @Test
    void expiresAfterTheTtl() {
        String token = TOKENS.mint("arena", "p1", NOW);
        assertEquals("resume token: expired",
                assertThrows(InvalidTokenException.class, () -> TOKENS.verify(token, "arena", NOW + 3_600_000)).getMessage());
    }

    @Test
    void mintsADifferentTokenPerRoomAndPlayer() {
        assertNotEquals(TOKENS.mint("arena", "p1", NOW), TOKENS.mint("arena", "p2", NOW));
        assertNotEquals(TOKENS.mint("arena", "p1", NOW), TOKENS.mint("lobby", "p1", NOW));
    }

    static Stream<Arguments> refusedTokens() {
        String good = TOKENS.mint("arena", "p1", NOW);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String payload = good.substring(3, good.lastIndexOf('.'));
        String mac = good.substring(good.lastIndexOf('.') + 1);
        String otherPlayer = b64.encodeToString(("9999999999\narena\nadmin").getBytes(StandardCharsets.UTF_8));
        return Stream.of(
                Arguments.of("other room", (UnaryOperator<String>) t -> t, "lobby", "resume token: issued for another room"),
                Arguments.of("payload swapped, mac kept", (UnaryOperator<String>) t -> "r1." + otherPlayer + "." + mac, "arena", "resume token: bad signature"),
                Arguments.of("mac truncated", (UnaryOperator<String>) t -> t.substring(0, t.length() - 1), "arena", "resume token: bad signature"),
                Arguments.of("unknown version", (UnaryOperator<String>) t -> "r2" + t.substring(2), "arena", "resume token: malformed (expected: r1.<payload>.<mac>)"),
                Arguments.of("no mac", (UnaryOperator<String>) t -> "r1." + payload, "arena", "resume token: malformed (expected: r1.<payload>.<mac>)"),
                Arguments.of("extra part", (UnaryOperator<String>) t -> t + ".x", "arena", "resume token: malformed (expected: r1.<payload>.<mac>)"),
                Arguments.of("not base64url", (UnaryOperator<String>) t -> "r1.%%%." + mac, "arena", "resume token: malformed (not base64url)"),
                Arguments.of("a JWT", (UnaryOperator<String>) t -> "eyJhbGciOiJIUzI1NiJ9.e30.sig", "arena", "resume token: malformed (expected: r1.<payload>.<mac>)"),
                Arguments.of("empty", (UnaryOperator<String>) t -> "", "arena", "resume token: malformed (expected: r1.<payload>.<mac>)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void refuses(String name, UnaryOperator<String> tamper, String room, String message) {
        String token = tamper.apply(TOKENS.mint("arena", "p1", NOW));
        assertEquals(message, assertThrows(InvalidTokenException.class, () -> TOKENS.verify(token, room, NOW)).getMessage());
    }
}
