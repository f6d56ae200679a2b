package dev.strafe.webrtc.sctp;

import java.util.Arrays;

/**
 * Open-addressing map from a TSN ({@code int}) to a held {@link ReassemblyQueue} fragment: no boxing, no
 * per-entry node, linear probing with backward-shift deletion. Grows by doubling; the caller bounds the
 * number of entries (the reassembly byte limit).
 */
final class TsnFragmentMap<V> {

    private int[] keys;
    private Object[] values;
    private int mask;
    private int size;
    private int[] scratch = new int[0];

    TsnFragmentMap(int initialCapacity) {
        int capacity = Math.max(16, Integer.highestOneBit(Math.max(1, initialCapacity - 1)) << 1);
        keys = new int[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    private static int hash(int key) {
        int h = key * 0x9E37_79B9;
        return h ^ (h >>> 16);
    }

    @SuppressWarnings("unchecked")
    V get(int key) {
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == key) {
                return (V) v;
            }
        }
    }

    boolean containsKey(int key) {
        return get(key) != null;
    }

    /** Puts a non-null value; returns the previous value or null. */
    @SuppressWarnings("unchecked")
    V put(int key, V value) {
        if ((size + 1) * 2 > values.length) {
            grow();
        }
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                keys[i] = key;
                values[i] = value;
                size++;
                return null;
            }
            if (keys[i] == key) {
                values[i] = value;
                return (V) v;
            }
        }
    }

    @SuppressWarnings("unchecked")
    V remove(int key) {
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == key) {
                deleteSlot(i);
                return (V) v;
            }
        }
    }

    /** Removes every entry whose value matches, handing each removed value to {@code onRemoved}. */
    int removeIf(java.util.function.Predicate<V> predicate, java.util.function.Consumer<V> onRemoved) {
        if (size == 0) {
            return 0;
        }
        // Collect keys first: backward-shift deletion moves entries, so do not delete while scanning.
        if (scratch.length < size) {
            scratch = new int[values.length];
        }
        int count = 0;
        for (int i = 0; i < values.length; i++) {
            @SuppressWarnings("unchecked")
            V value = (V) values[i];
            if (value != null && predicate.test(value)) {
                scratch[count++] = keys[i];
            }
        }
        for (int k = 0; k < count; k++) {
            onRemoved.accept(remove(scratch[k]));
        }
        return count;
    }

    void clear() {
        Arrays.fill(values, null);
        size = 0;
    }

    private void deleteSlot(int slot) {
        int hole = slot;
        values[hole] = null;
        size--;
        for (int i = (hole + 1) & mask; values[i] != null; i = (i + 1) & mask) {
            int home = hash(keys[i]) & mask;
            // Move entry i into the hole if the hole lies cyclically in [home, i).
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                keys[hole] = keys[i];
                values[hole] = values[i];
                values[i] = null;
                hole = i;
            }
        }
    }

    private void grow() {
        int[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                @SuppressWarnings("unchecked")
                V v = (V) oldValues[i];
                put(oldKeys[i], v);
            }
        }
    }
}
