package dev.strafe.server.edge;

import dev.strafe.webrtc.peer.StackSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EdgeSettingsTest {

    static final EdgeSettings D = EdgeSettings.defaults(StackSettings.defaults());

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of((UnaryOperator<EdgeSettings>) s -> s.withMaxPlayers(0), "edge.players.max: 0 (expected: 1..100000)"),
                Arguments.of((UnaryOperator<EdgeSettings>) s -> s.withInterest(0, 10), "edge.interest.radius: 0 (expected: 1..8388607)"),
                Arguments.of((UnaryOperator<EdgeSettings>) s -> s.withInterest(100, 129), "edge.interest.entities: 129 (expected: 1..128)"),
                Arguments.of((UnaryOperator<EdgeSettings>) s -> s.withPosBufferBudget(1000), "edge.pos.budget: 1000 (expected: 1100..16777216)"),
                Arguments.of((UnaryOperator<EdgeSettings>) s -> new EdgeSettings(s.stack(), 1, 1, 1, 24, 1100, 65536, 1, 1.5, 2),
                        "edge.snapshot.history: 24 (expected: a power of two)"),
                Arguments.of((UnaryOperator<EdgeSettings>) s -> new EdgeSettings(s.stack(), 1, 1, 1, 32, 1100, 65536, 1, 0.5, 2),
                        "edge.input.rate: 0.5 (expected: 1.0..10.0 x tick rate)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalid")
    void rejectsOutOfRangeKnobsNamingThem(UnaryOperator<EdgeSettings> edit, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> edit.apply(D)).getMessage());
    }

    @Test
    void defaultsAreValid() {
        assertEquals(2_000, D.maxPlayers());
        assertEquals(8 * 1100, D.posBufferBudget());
    }
}
