package dev.strafe.webrtc.datachannel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stream id → channel, open addressing with linear probing: lookups on the message path allocate nothing
 * (no boxed keys), and memory follows the number of channels, not the largest stream id a peer picks.
 * Single-threaded, like the association it serves.
 */
final class StreamTable {

    private static final int FREE = -1;
    private static final int MIN_CAPACITY = 8;

    private int[] keys;
    private DataChannel[] values;
    private int size;

    StreamTable() {
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        keys = new int[capacity];
        Arrays.fill(keys, FREE);
        values = new DataChannel[capacity];
    }

    int size() {
        return size;
    }

    boolean contains(int streamId) {
        return get(streamId) != null;
    }

    DataChannel get(int streamId) {
        int mask = keys.length - 1;
        for (int i = slot(streamId, mask); ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == streamId) {
                return values[i];
            }
            if (k == FREE) {
                return null;
            }
        }
    }

    /** Adds a mapping; the id must be free. */
    void put(int streamId, DataChannel channel) {
        if (streamId < 0) {
            throw new IllegalArgumentException("streamId: " + streamId + " (expected: >= 0)");
        }
        if ((size + 1) * 2 > keys.length) {
            rehash(keys.length * 2);
        }
        int mask = keys.length - 1;
        int i = slot(streamId, mask);
        while (keys[i] != FREE) {
            if (keys[i] == streamId) {
                throw new IllegalStateException("stream " + streamId + " already mapped");
            }
            i = (i + 1) & mask;
        }
        keys[i] = streamId;
        values[i] = channel;
        size++;
    }

    /** Removes the mapping, if any (backward-shift deletion: no tombstones). */
    DataChannel remove(int streamId) {
        int mask = keys.length - 1;
        int i = slot(streamId, mask);
        while (keys[i] != streamId) {
            if (keys[i] == FREE) {
                return null;
            }
            i = (i + 1) & mask;
        }
        DataChannel removed = values[i];
        int hole = i;
        for (int j = (hole + 1) & mask; keys[j] != FREE; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            // move j into the hole if its home slot is not in (hole, j] (cyclically)
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = FREE;
        values[hole] = null;
        size--;
        return removed;
    }

    /** A snapshot of the channels, for iteration while callbacks may change the table. */
    List<DataChannel> values() {
        List<DataChannel> out = new ArrayList<>(size);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != FREE) {
                out.add(values[i]);
            }
        }
        return out;
    }

    void clear() {
        allocate(MIN_CAPACITY);
        size = 0;
    }

    private void rehash(int capacity) {
        int[] oldKeys = keys;
        DataChannel[] oldValues = values;
        allocate(capacity);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != FREE) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int slot(int streamId, int mask) {
        return (streamId * 0x9E3779B9 >>> 16) & mask;
    }
}
