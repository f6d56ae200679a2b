package dev.strafe.webrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SerialNumbersTest {

    @ParameterizedTest(name = "{0}: {1} < {2}")
    @CsvSource({
            "plain,                 1,          2",
            "zero below one,        0,          1",
            "max below zero (wrap), 4294967295, 0",
            "max below five (wrap), 4294967295, 5",
            "high below wrapped,    4294967000, 100",
            "sign boundary,         2147483647, 2147483648",
            "just under half range, 0,          2147483647",
    })
    void tsnOrdersAcrossWrapAround(String name, long a, long b) {
        int ia = (int) a;
        int ib = (int) b;
        assertTrue(SerialNumbers.tsnLt(ia, ib), name);
        assertTrue(SerialNumbers.tsnLe(ia, ib), name);
        assertTrue(SerialNumbers.tsnGt(ib, ia), name);
        assertTrue(SerialNumbers.tsnGe(ib, ia), name);
        assertFalse(SerialNumbers.tsnLt(ib, ia), name);
        assertFalse(SerialNumbers.tsnGe(ia, ib), name);
        assertTrue(SerialNumbers.tsnCompare(ia, ib) < 0, name);
        assertEquals(ib, SerialNumbers.tsnMax(ia, ib), name);
        assertEquals(ib, SerialNumbers.tsnMax(ib, ia), name);
    }

    @Test
    void tsnEqualityIsNeitherLessNorGreater() {
        int max = 0xFFFF_FFFF;
        assertTrue(SerialNumbers.tsnLe(max, max));
        assertTrue(SerialNumbers.tsnGe(max, max));
        assertFalse(SerialNumbers.tsnLt(max, max));
        assertFalse(SerialNumbers.tsnGt(max, max));
        assertEquals(0, SerialNumbers.tsnCompare(max, max));
    }

    @ParameterizedTest(name = "distance {0} -> {1} = {2}")
    @CsvSource({
            "0,          0,          0",
            "0,          1,          1",
            "4294967295, 0,          1",
            "4294967290, 4,          10",
            "1,          0,          4294967295",
    })
    void tsnDistanceWrapsModulo2To32(long from, long to, long expected) {
        assertEquals(expected, SerialNumbers.tsnDistance((int) from, (int) to));
    }

    @Test
    void tsnIncrementWrapsFromMaxToZero() {
        int max = 0xFFFF_FFFF;
        assertEquals(0, max + 1);
        assertTrue(SerialNumbers.tsnGt(max + 1, max));
        assertEquals("4294967295", SerialNumbers.tsnToString(max));
    }

    @ParameterizedTest(name = "{0}: {1} < {2}")
    @CsvSource({
            "plain,                 1,     2",
            "max below zero (wrap), 65535, 0",
            "high below wrapped,    65000, 300",
            "sign boundary,         32767, 32768",
            "just under half range, 0,     32767",
    })
    void ssnOrdersAcrossWrapAround(String name, int a, int b) {
        assertTrue(SerialNumbers.ssnLt(a, b), name);
        assertTrue(SerialNumbers.ssnLe(a, b), name);
        assertTrue(SerialNumbers.ssnGt(b, a), name);
        assertTrue(SerialNumbers.ssnGe(b, a), name);
        assertFalse(SerialNumbers.ssnGt(a, b), name);
        assertFalse(SerialNumbers.ssnGe(a, b), name);
        assertTrue(SerialNumbers.ssnCompare(a, b) < 0, name);
    }

    @ParameterizedTest(name = "distance {0} -> {1} = {2}")
    @CsvSource({
            "0,     0,     0",
            "65535, 0,     1",
            "65530, 5,     11",
            "1,     0,     65535",
    })
    void ssnDistanceWrapsModulo2To16(int from, int to, int expected) {
        assertEquals(expected, SerialNumbers.ssnDistance(from, to));
    }

    @Test
    void nextSsnWrapsFrom65535ToZero() {
        assertEquals(0, SerialNumbers.nextSsn(65535));
        assertEquals(1, SerialNumbers.nextSsn(0));
    }

    @Test
    void comparisonIsAntisymmetricForRandomPairsWithinHalfRange() {
        SplittableRandom random = new SplittableRandom(1982);
        for (int i = 0; i < 100_000; i++) {
            int a = random.nextInt();
            int delta = random.nextInt(1, Integer.MAX_VALUE);
            int b = a + delta;
            assertTrue(SerialNumbers.tsnLt(a, b));
            assertFalse(SerialNumbers.tsnLt(b, a));
            assertEquals(Integer.toUnsignedLong(delta), SerialNumbers.tsnDistance(a, b));

            int sa = random.nextInt(65536);
            int sdelta = random.nextInt(1, 32768);
            int sb = (sa + sdelta) & 0xFFFF;
            assertTrue(SerialNumbers.ssnLt(sa, sb));
            assertFalse(SerialNumbers.ssnLt(sb, sa));
            assertEquals(sdelta, SerialNumbers.ssnDistance(sa, sb));
        }
    }
}
