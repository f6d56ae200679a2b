package dev.strafe.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Seq32Test {

    @ParameterizedTest(name = "{0} newer than {1}: {2}")
    @CsvSource({
            "1, 0, true",
            "0, 1, false",
            "5, 5, false",
            "1, 4294967295, true",          // across the wrap
            "4294967295, 1, false",
            "2147483647, 0, true",          // 2^31 - 1 ahead: still newer
            "2147483648, 0, false",         // exactly 2^31 apart: ambiguous, never newer
            "0, 2147483648, false",
            "100, 4294967200, true"})
    void comparesModulo2To32(long a, long b, boolean newer) {
        assertEquals(newer, Seq32.isNewer(a, b));
    }

    @Test
    void distanceIsSignedAndWraps() {
        assertEquals(2, Seq32.distance(1, 0xFFFF_FFFFL));
        assertEquals(-2, Seq32.distance(0xFFFF_FFFFL, 1));
        assertEquals(0, Seq32.distance(7, 7));
    }

    @Test
    void tickCounterSkipsReservedZeroOnWrap() {
        assertEquals(1, Seq32.nextTick(0xFFFF_FFFFL));
        assertEquals(1, Seq32.nextTick(0));
        assertEquals(8, Seq32.nextTick(7));
        assertEquals(0, Seq32.next(0xFFFF_FFFFL));
    }

    @Test
    void recognisesUint32Range() {
        assertTrue(Seq32.isUint32(0));
        assertTrue(Seq32.isUint32(0xFFFF_FFFFL));
        assertFalse(Seq32.isUint32(-1));
        assertFalse(Seq32.isUint32(1L << 32));
    }
}
