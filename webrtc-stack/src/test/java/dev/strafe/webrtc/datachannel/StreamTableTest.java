package dev.strafe.webrtc.datachannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StreamTableTest {

    private static DataChannel channel(int id) {
        return new DataChannel(null, "c" + id, "", id, true, -1, -1, false, 0, DataChannel.ReadyState.OPEN);
    }

    @Test
    void behavesLikeAMapUnderRandomPutsAndRemoves() {
        SplittableRandom random = new SplittableRandom(42);
        StreamTable table = new StreamTable();
        Map<Integer, DataChannel> reference = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            int id = random.nextInt(random.nextBoolean() ? 64 : 65535);
            if (random.nextInt(3) > 0 && !reference.containsKey(id)) {
                DataChannel c = channel(id);
                table.put(id, c);
                reference.put(id, c);
            } else {
                assertSame(reference.remove(id), table.remove(id));
            }
            int probe = random.nextInt(65535);
            assertSame(reference.get(probe), table.get(probe));
            assertEquals(reference.size(), table.size());
        }
        assertEquals(new HashSet<>(reference.values()), new HashSet<>(table.values()));
        for (int id : reference.keySet()) {
            assertSame(reference.get(id), table.get(id));
        }
    }

    @Test
    void refusesDuplicateIds() {
        StreamTable table = new StreamTable();
        table.put(7, channel(7));
        assertThrows(IllegalStateException.class, () -> table.put(7, channel(7)));
    }

    @Test
    void clearEmptiesTheTable() {
        StreamTable table = new StreamTable();
        for (int i = 0; i < 100; i++) {
            table.put(i * 3, channel(i * 3));
        }
        table.clear();
        assertEquals(0, table.size());
        assertNull(table.get(3));
    }
}
