package dev.strafe.webrtc.datachannel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Garbage and mutated DCEP messages: the decoder either returns a message that re-encodes to exactly the
 * input, or throws {@link MalformedDcepException} – never anything else. Seeded, bounded, fast.
 */
class DcepFuzzTest {

    private static final int ITERATIONS = 100_000;

    private static final byte[][] SEEDS = {
            Hex.bytes(DataChannelOpenMessageTest.CHROMIUM_POS),
            Hex.bytes(DataChannelOpenMessageTest.CHROMIUM_TX),
            Hex.bytes("03 82 ffff ffffffff 0002 0004 c3a9 6a736f6e"),
            Hex.bytes("02"),
    };

    @Test
    void randomBytesOnlyEverThrowTheTypedException() {
        SplittableRandom random = new SplittableRandom(8832);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] data = new byte[random.nextInt(40)];
            random.nextBytes(data);
            if (data.length > 0 && random.nextBoolean()) {
                data[0] = (byte) (2 + random.nextInt(2)); // mostly valid types, to reach the inner checks
            }
            check(data, i);
        }
    }

    @Test
    void mutatedValidMessagesOnlyEverThrowTheTypedException() {
        SplittableRandom random = new SplittableRandom(8831);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] seed = SEEDS[random.nextInt(SEEDS.length)];
            byte[] data = switch (random.nextInt(4)) {
                case 0 -> Arrays.copyOf(seed, random.nextInt(seed.length + 1)); // truncate
                case 1 -> Arrays.copyOf(seed, seed.length + 1 + random.nextInt(4)); // extend with zeros
                default -> flip(seed.clone(), random);
            };
            check(data, i);
        }
    }

    private static byte[] flip(byte[] data, SplittableRandom random) {
        int flips = 1 + random.nextInt(3);
        for (int f = 0; f < flips; f++) {
            int at = random.nextInt(data.length);
            data[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (data[at] ^ (1 << random.nextInt(8)));
        }
        return data;
    }

    private static void check(byte[] data, int iteration) {
        try {
            DcepMessage message = DcepMessage.decode(data, 0, data.length);
            assertArrayEquals(data, message.encode(), () -> "re-encode of " + Hex.hex(data));
        } catch (MalformedDcepException expected) {
            // the only allowed failure
        } catch (RuntimeException e) {
            fail("iteration " + iteration + ": " + Hex.hex(data) + " threw " + e, e);
        }
    }
}
