package dev.strafe.server.edge;

import dev.strafe.protocol.pos.Input;
import dev.strafe.protocol.pos.InputCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HexFormat;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputGateTest {

    static final long SECOND = 1_000_000_000L;

    static byte[] input(long sequence) {
        byte[] b = new byte[InputCodec.ENCODED_LENGTH];
        InputCodec.encode(new Input().sequence(sequence).ackTick(3).moveX(10).moveY(-10), b, 0);
        return b;
    }

    static InputGate gate() {
        return new InputGate(30, 40, 0);
    }

    static Stream<Arguments> malformed() {
        byte[] valid = input(1);
        byte[] badMove = valid.clone();
        badMove[InputCodec.MOVE_X_OFFSET] = (byte) 0x80; // -128
        byte[] trailing = new byte[valid.length + 1];
        System.arraycopy(valid, 0, trailing, 0, valid.length);
        byte[] wrongType = valid.clone();
        wrongType[0] = (byte) 0x7F;
        return Stream.of(
                Arguments.of("empty", new byte[0]),
                Arguments.of("header only", HexFormat.of().parseHex("01")),
                Arguments.of("truncated", java.util.Arrays.copyOf(valid, valid.length - 1)),
                Arguments.of("move x -128", badMove),
                Arguments.of("trailing byte", trailing),
                Arguments.of("wrong message type", wrongType),
                Arguments.of("over 64 bytes", new byte[65]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void dropsMalformedInputWithAReason(String name, byte[] bytes) {
        InputGate g = gate();
        assertEquals(InputVerdict.MALFORMED, g.check(bytes, 0, bytes.length, 0));
        assertTrue(g.lastError() != null && !g.lastError().isEmpty());
        byte[] ok = input(5);
        assertEquals(InputVerdict.ACCEPTED, g.check(ok, 0, ok.length, 0), "a later valid input still passes");
    }

    @Test
    void acceptsIncreasingSequencesAndDropsDuplicatesAndOlderOnes() {
        InputGate g = gate();
        assertEquals(InputVerdict.ACCEPTED, check(g, 10));
        assertEquals(InputVerdict.STALE_SEQUENCE, check(g, 10));
        assertEquals(InputVerdict.STALE_SEQUENCE, check(g, 9));
        assertEquals(InputVerdict.ACCEPTED, check(g, 12));
        assertEquals(12, g.lastSequence());
        assertEquals(3, g.input().ackTick());
    }

    @Test
    void comparesSequencesModulo2To32() {
        InputGate g = gate();
        assertEquals(InputVerdict.ACCEPTED, check(g, 0xFFFF_FFFEL));
        assertEquals(InputVerdict.ACCEPTED, check(g, 0xFFFF_FFFFL));
        assertEquals(InputVerdict.ACCEPTED, check(g, 0), "wrapped");
        assertEquals(InputVerdict.ACCEPTED, check(g, 1));
        assertEquals(InputVerdict.STALE_SEQUENCE, check(g, 0xFFFF_FFFFL), "before the wrap");
    }

    @Test
    void rateLimitsBurstsAboveTheBucketAndRefillsOverTime() {
        InputGate g = new InputGate(20, 40, 0);
        int accepted = 0;
        for (int i = 1; i <= 100; i++) {
            byte[] b = input(i);
            if (g.check(b, 0, b.length, 0) == InputVerdict.ACCEPTED) {
                accepted++;
            }
        }
        assertEquals(40, accepted, "burst capacity");
        byte[] next = input(101);
        assertEquals(InputVerdict.RATE_LIMITED, g.check(next, 0, next.length, SECOND / 40));
        assertEquals(InputVerdict.ACCEPTED, g.check(next, 0, next.length, SECOND / 20), "one token after 1/20 s");
    }

    @Test
    void steadyTwentyHertzNeverHitsTheLimit() {
        InputGate g = new InputGate(30, 40, 0);
        for (int i = 1; i <= 2_000; i++) {
            byte[] b = input(i);
            assertEquals(InputVerdict.ACCEPTED, g.check(b, 0, b.length, i * (SECOND / 20)));
        }
    }

    private static InputVerdict check(InputGate g, long sequence) {
        byte[] b = input(sequence);
        return g.check(b, 0, b.length, 0);
    }
}
