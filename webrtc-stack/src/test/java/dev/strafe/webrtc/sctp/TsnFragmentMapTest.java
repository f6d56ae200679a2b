package dev.strafe.webrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TsnFragmentMapTest {

    /** Model-based: random puts/removes/removeIf over clustered keys agree with a HashMap. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void agreesWithHashMapUnderRandomOperations(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        TsnFragmentMap<String> map = new TsnFragmentMap<>(4);
        Map<Integer, String> model = new HashMap<>();
        int base = -500; // keys cluster around the int wrap
        for (int step = 0; step < 50_000; step++) {
            int key = base + random.nextInt(1_000);
            switch (random.nextInt(10)) {
                case 0, 1, 2, 3, 4 -> assertEquals(model.put(key, "v" + step), map.put(key, "v" + step));
                case 5, 6, 7 -> assertEquals(model.remove(key), map.remove(key));
                case 8 -> assertEquals(model.get(key), map.get(key));
                default -> {
                    if (random.nextInt(100) == 0) {
                        int limit = base + random.nextInt(1_000);
                        int[] removed = {0};
                        int n = map.removeIf(v -> false, v -> removed[0]++);
                        assertEquals(0, n);
                        long expected = model.keySet().stream().filter(k -> k <= limit).count();
                        Map<Integer, String> snapshot = new HashMap<>(model);
                        int count = map.removeIf(v -> {
                            for (Map.Entry<Integer, String> e : snapshot.entrySet()) {
                                if (e.getValue().equals(v)) {
                                    return e.getKey() <= limit;
                                }
                            }
                            return false;
                        }, v -> removed[0]++);
                        assertEquals(expected, count);
                        assertEquals(expected, removed[0]);
                        model.keySet().removeIf(k -> k <= limit);
                    }
                }
            }
            assertEquals(model.size(), map.size());
        }
        for (int key = base; key < base + 1_000; key++) {
            assertEquals(model.get(key), map.get(key));
        }
        map.clear();
        assertNull(map.get(base));
        assertEquals(0, map.size());
    }
}
