package dev.strafe.protocol.pos;

import dev.strafe.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random bytes and random mutations of valid messages: the decoders either succeed or throw
 * {@link ProtocolException}; never IndexOutOfBounds, NPE or anything else.
 */
class PosFuzzTest {

    private static final long SEED = 0xF022L;

    private final Input input = new Input();
    private final SnapshotDecoder decoder = new SnapshotDecoder();
    private final SnapshotState out = new SnapshotState();

    @Test
    void randomBytesOnlyEverFailWithProtocolException() {
        Random r = new Random(SEED);
        SnapshotState baseline = RandomStates.state(r, 10, 40, new SnapshotState()).sortById();
        byte[] buf = new byte[1300];
        for (int k = 0; k < 20_000; k++) {
            int len = r.nextInt(k % 2 == 0 ? 40 : buf.length);
            r.nextBytes(buf);
            if (r.nextBoolean()) { // make the header plausible so the body parsers run too
                buf[0] = (byte) (1 + r.nextInt(2));
                buf[1] = 1;
                buf[2] = 0;
                buf[3] = (byte) (buf[0] == 1 ? InputCodec.BLOCK_LENGTH : SnapshotLayout.BLOCK_LENGTH);
            }
            decodeBoth(buf, len, baseline);
        }
    }

    @Test
    void mutatedValidMessagesOnlyEverFailWithProtocolException() {
        Random r = new Random(SEED + 1);
        SnapshotEncoder encoder = new SnapshotEncoder();
        byte[] valid = new byte[SnapshotLayout.MAX_SNAPSHOT_BYTES];
        byte[] buf = new byte[SnapshotLayout.MAX_SNAPSHOT_BYTES + 64];
        SnapshotState s0 = new SnapshotState();
        SnapshotState baseline = new SnapshotState();
        SnapshotState s1 = new SnapshotState();
        for (int k = 0; k < 20_000; k++) {
            int n;
            if (k % 4 == 0) {
                n = InputCodec.encode(RandomStates.input(r, new Input()), valid, 0);
            } else {
                RandomStates.state(r, 1000, 60, s0);
                baseline.copyFrom(s0).sortById();
                RandomStates.evolve(r, s0, 1001 + r.nextInt(3), 80, s1);
                n = encoder.encode(k % 4 == 1 ? null : baseline, s1, valid, 0);
            }
            System.arraycopy(valid, 0, buf, 0, n);
            int len = n;
            int mutations = 1 + r.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                switch (r.nextInt(5)) {
                    case 0 -> buf[r.nextInt(len)] ^= (byte) (1 << r.nextInt(8));
                    case 1 -> buf[r.nextInt(len)] = (byte) r.nextInt(256);
                    case 2 -> len = r.nextInt(len + 1);
                    case 3 -> {
                        int extra = r.nextInt(20);
                        for (int i = 0; i < extra && len < buf.length; i++) {
                            buf[len++] = (byte) r.nextInt(256);
                        }
                    }
                    default -> buf[4 + r.nextInt(Math.max(1, Math.min(len, 16) - 4))] = (byte) r.nextInt(256);
                }
                if (len == 0) {
                    break;
                }
            }
            decodeBoth(buf, len, baseline);
        }
    }

    private void decodeBoth(byte[] buf, int len, SnapshotState baseline) {
        try {
            InputCodec.decode(buf, 0, len, input);
        } catch (ProtocolException expected) {
            // fine
        } catch (RuntimeException e) {
            fail("input decoder threw " + e + " for " + hex(buf, len), e);
        }
        try {
            decoder.wrap(buf, 0, len);
            decoder.apply(decoder.baselineTick() == baseline.tick() ? baseline : null, out);
        } catch (ProtocolException expected) {
            // fine
        } catch (RuntimeException e) {
            fail("snapshot decoder threw " + e + " for " + hex(buf, len), e);
        }
    }

    private static String hex(byte[] b, int len) {
        return java.util.HexFormat.of().formatHex(b, 0, len);
    }
}
