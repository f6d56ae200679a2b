package dev.strafe.protocol.pos;

import dev.strafe.protocol.Seq32;

import java.util.Arrays;
import java.util.Objects;

/**
 * A world view at one tick: a fixed-capacity table of entities held in parallel primitive arrays (no
 * per-entity objects, no boxing). Used three ways:
 *
 * <ul>
 *   <li>the server's <em>current</em> state handed to {@link SnapshotEncoder}, with entities appended by
 *       {@link #add} in <em>interest order</em> (most important first, because the encoder writes the
 *       longest prefix that fits);</li>
 *   <li>a <em>baseline</em>: the state a client holds for an acked tick. Baselines must be sorted by id
 *       ({@link #sortById()}); states produced by {@link SnapshotDecoder} always are;</li>
 *   <li>the decoder's output.</li>
 * </ul>
 *
 * <h2>Units</h2>
 * <ul>
 *   <li>{@code id} - u16 entity id, unique within a state.</li>
 *   <li>{@code kind} - u8 game-defined entity kind; fixed for the life of an id (a kind change is encoded
 *       as remove + add).</li>
 *   <li>{@code x}, {@code y} - signed 24-bit position in centimetres ({@link #POSITION_UNIT_METRES} = 0.01 m),
 *       world bounds {@code [-8388608, 8388607]} cm, i.e. about +/-83.9 km around the origin; negative
 *       coordinates are ordinary values.</li>
 *   <li>{@code vx}, {@code vy} - signed 16-bit velocity in cm/s, {@code [-32768, 32767]} (+/-327 m/s).</li>
 *   <li>{@code heading} - u16, {@code 2*PI/65536} radians per unit, 0 = +x axis, counter-clockwise.</li>
 * </ul>
 * Setters range-check and throw {@link IllegalArgumentException}: quantizing is the caller's job.
 */
public final class SnapshotState {

    /** Entities a state can hold (and the bound the decoder enforces on every count). */
    public static final int MAX_ENTITIES = 128;

    public static final double POSITION_UNIT_METRES = 0.01;
    public static final int POSITION_MIN = -(1 << 23);
    public static final int POSITION_MAX = (1 << 23) - 1;
    public static final int VELOCITY_MIN = Short.MIN_VALUE;
    public static final int VELOCITY_MAX = Short.MAX_VALUE;
    public static final int ID_MAX = 0xFFFF;
    public static final int KIND_MAX = 0xFF;
    public static final int HEADING_MAX = 0xFFFF;

    private long tick;
    private int size;
    final int[] id = new int[MAX_ENTITIES];
    final int[] kind = new int[MAX_ENTITIES];
    final int[] x = new int[MAX_ENTITIES];
    final int[] y = new int[MAX_ENTITIES];
    final int[] vx = new int[MAX_ENTITIES];
    final int[] vy = new int[MAX_ENTITIES];
    final int[] heading = new int[MAX_ENTITIES];

    /** The server tick of this state (u32, never 0 once set: 0 is reserved for "no baseline"). */
    public long tick() {
        return tick;
    }

    public SnapshotState tick(long value) {
        if (!Seq32.isUint32(value) || value == Seq32.NO_TICK) {
            throw new IllegalArgumentException("tick: " + value + " (expected: 1.." + Seq32.MAX + ")");
        }
        this.tick = value;
        return this;
    }

    public int size() {
        return size;
    }

    /** Removes every entity and resets the tick to 0. */
    public SnapshotState clear() {
        size = 0;
        tick = 0;
        return this;
    }

    /**
     * Appends an entity.
     *
     * @return its index
     * @throws IllegalArgumentException when full or a value is out of range
     */
    public int add(int id, int kind, int x, int y, int vx, int vy, int heading) {
        if (size == MAX_ENTITIES) {
            throw new IllegalArgumentException("entity count: " + (size + 1) + " (expected: <= " + MAX_ENTITIES + ")");
        }
        check("id", id, 0, ID_MAX);
        check("kind", kind, 0, KIND_MAX);
        checkFields(x, y, vx, vy, heading);
        int i = size++;
        set(i, id, kind, x, y, vx, vy, heading);
        return i;
    }

    /** Overwrites the movable fields of entity {@code index}. */
    public SnapshotState update(int index, int x, int y, int vx, int vy, int heading) {
        Objects.checkIndex(index, size);
        checkFields(x, y, vx, vy, heading);
        this.x[index] = x;
        this.y[index] = y;
        this.vx[index] = vx;
        this.vy[index] = vy;
        this.heading[index] = heading;
        return this;
    }

    public int id(int index) {
        return id[Objects.checkIndex(index, size)];
    }

    public int kind(int index) {
        return kind[Objects.checkIndex(index, size)];
    }

    public int x(int index) {
        return x[Objects.checkIndex(index, size)];
    }

    public int y(int index) {
        return y[Objects.checkIndex(index, size)];
    }

    public int vx(int index) {
        return vx[Objects.checkIndex(index, size)];
    }

    public int vy(int index) {
        return vy[Objects.checkIndex(index, size)];
    }

    public int heading(int index) {
        return heading[Objects.checkIndex(index, size)];
    }

    /** Removes entity {@code index}, keeping the order of the others. */
    public SnapshotState removeAt(int index) {
        Objects.checkIndex(index, size);
        int tail = size - index - 1;
        System.arraycopy(id, index + 1, id, index, tail);
        System.arraycopy(kind, index + 1, kind, index, tail);
        System.arraycopy(x, index + 1, x, index, tail);
        System.arraycopy(y, index + 1, y, index, tail);
        System.arraycopy(vx, index + 1, vx, index, tail);
        System.arraycopy(vy, index + 1, vy, index, tail);
        System.arraycopy(heading, index + 1, heading, index, tail);
        size--;
        return this;
    }

    /**
     * Index of {@code entityId} by binary search; the state must be sorted by id.
     *
     * @return the index, or {@code -(insertionPoint + 1)} when absent
     */
    public int indexOfSorted(int entityId) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int v = id[mid];
            if (v < entityId) {
                lo = mid + 1;
            } else if (v > entityId) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /** Index of {@code entityId} by linear scan (any order), or -1. */
    public int indexOf(int entityId) {
        for (int i = 0; i < size; i++) {
            if (id[i] == entityId) {
                return i;
            }
        }
        return -1;
    }

    /** True when ids are strictly ascending (sorted and unique). */
    public boolean isSortedById() {
        for (int i = 1; i < size; i++) {
            if (id[i - 1] >= id[i]) {
                return false;
            }
        }
        return true;
    }

    /** Sorts the entities by id (insertion sort: allocation-free, fast for the small, nearly sorted tables). */
    public SnapshotState sortById() {
        for (int i = 1; i < size; i++) {
            int j = i;
            while (j > 0 && id[j - 1] > id[j]) {
                swap(j - 1, j);
                j--;
            }
        }
        return this;
    }

    /** Makes this an exact copy of {@code other}. */
    public SnapshotState copyFrom(SnapshotState other) {
        if (other == this) {
            return this;
        }
        tick = other.tick;
        size = other.size;
        System.arraycopy(other.id, 0, id, 0, size);
        System.arraycopy(other.kind, 0, kind, 0, size);
        System.arraycopy(other.x, 0, x, 0, size);
        System.arraycopy(other.y, 0, y, 0, size);
        System.arraycopy(other.vx, 0, vx, 0, size);
        System.arraycopy(other.vy, 0, vy, 0, size);
        System.arraycopy(other.heading, 0, heading, 0, size);
        return this;
    }

    // --- package-private, used by the decoder after its own range checks ---

    void insertAt(int index, int id, int kind, int x, int y, int vx, int vy, int heading) {
        int tail = size - index;
        System.arraycopy(this.id, index, this.id, index + 1, tail);
        System.arraycopy(this.kind, index, this.kind, index + 1, tail);
        System.arraycopy(this.x, index, this.x, index + 1, tail);
        System.arraycopy(this.y, index, this.y, index + 1, tail);
        System.arraycopy(this.vx, index, this.vx, index + 1, tail);
        System.arraycopy(this.vy, index, this.vy, index + 1, tail);
        System.arraycopy(this.heading, index, this.heading, index + 1, tail);
        size++;
        set(index, id, kind, x, y, vx, vy, heading);
    }

    void rawTick(long value) {
        this.tick = value;
    }

    private void set(int i, int id, int kind, int x, int y, int vx, int vy, int heading) {
        this.id[i] = id;
        this.kind[i] = kind;
        this.x[i] = x;
        this.y[i] = y;
        this.vx[i] = vx;
        this.vy[i] = vy;
        this.heading[i] = heading;
    }

    private void swap(int a, int b) {
        swap(id, a, b);
        swap(kind, a, b);
        swap(x, a, b);
        swap(y, a, b);
        swap(vx, a, b);
        swap(vy, a, b);
        swap(heading, a, b);
    }

    private static void swap(int[] array, int a, int b) {
        int t = array[a];
        array[a] = array[b];
        array[b] = t;
    }

    private static void checkFields(int x, int y, int vx, int vy, int heading) {
        check("x", x, POSITION_MIN, POSITION_MAX);
        check("y", y, POSITION_MIN, POSITION_MAX);
        check("vx", vx, VELOCITY_MIN, VELOCITY_MAX);
        check("vy", vy, VELOCITY_MIN, VELOCITY_MAX);
        check("heading", heading, 0, HEADING_MAX);
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + ".." + max + ")");
        }
    }

    /** Same tick and the same entities in the same order. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SnapshotState other) || tick != other.tick || size != other.size) {
            return false;
        }
        return Arrays.equals(id, 0, size, other.id, 0, size)
                && Arrays.equals(kind, 0, size, other.kind, 0, size)
                && Arrays.equals(x, 0, size, other.x, 0, size)
                && Arrays.equals(y, 0, size, other.y, 0, size)
                && Arrays.equals(vx, 0, size, other.vx, 0, size)
                && Arrays.equals(vy, 0, size, other.vy, 0, size)
                && Arrays.equals(heading, 0, size, other.heading, 0, size);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(tick);
        for (int i = 0; i < size; i++) {
            h = 31 * h + id[i];
            h = 31 * h + x[i];
            h = 31 * h + y[i];
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SnapshotState{tick=").append(tick).append(", entities=[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append('{').append("id=").append(id[i]).append(" kind=").append(kind[i])
                    .append(" x=").append(x[i]).append(" y=").append(y[i])
                    .append(" vx=").append(vx[i]).append(" vy=").append(vy[i])
                    .append(" heading=").append(heading[i]).append('}');
        }
        return sb.append("]}").toString();
    }
}
