package dev.strafe.protocol.pos;

import java.util.Random;

/** Seeded random inputs and states for the property, fuzz and allocation tests. */
final class RandomStates {

    private RandomStates() {
    }

    static Input input(Random r, Input into) {
        return into.sequence(r.nextLong() & 0xFFFF_FFFFL)
                .ackTick(r.nextLong() & 0xFFFF_FFFFL)
                .clientTimeMillis(r.nextLong() & 0xFFFF_FFFFL)
                .moveX(r.nextInt(255) - 127)
                .moveY(r.nextInt(255) - 127)
                .buttons(r.nextInt(256))
                .aim(r.nextInt(65536));
    }

    /** A state of up to {@code maxSize} entities with unique ids, in random (interest) order. */
    static SnapshotState state(Random r, long tick, int maxSize, SnapshotState into) {
        into.clear().tick(tick);
        int n = r.nextInt(maxSize + 1);
        while (into.size() < n) {
            int id = r.nextInt(300); // small id space: overlaps between baseline and current
            if (into.indexOf(id) < 0) {
                into.add(id, r.nextInt(3), position(r), position(r), velocity(r), velocity(r), r.nextInt(65536));
            }
        }
        return into;
    }

    /** Next state: some entities removed, moved, re-kinded, some added; order shuffled. */
    static SnapshotState evolve(Random r, SnapshotState prev, long tick, int limit, SnapshotState into) {
        into.clear().tick(tick);
        for (int i = 0; i < prev.size(); i++) {
            int roll = r.nextInt(10);
            if (roll == 0) {
                continue; // removed
            }
            int kind = roll == 1 ? (prev.kind(i) + 1) % 3 : prev.kind(i);
            int x = prev.x(i);
            int y = prev.y(i);
            int vx = prev.vx(i);
            int vy = prev.vy(i);
            int heading = prev.heading(i);
            if (roll >= 5) {
                x = r.nextBoolean() ? position(r) : x;
                y = r.nextBoolean() ? position(r) : y;
                vx = r.nextBoolean() ? velocity(r) : vx;
                vy = r.nextBoolean() ? velocity(r) : vy;
                heading = r.nextBoolean() ? r.nextInt(65536) : heading;
            }
            into.add(prev.id(i), kind, x, y, vx, vy, heading);
        }
        int adds = r.nextInt(6);
        for (int k = 0; k < adds && into.size() < limit; k++) {
            int id = r.nextInt(300);
            if (into.indexOf(id) < 0) {
                into.add(id, r.nextInt(3), position(r), position(r), velocity(r), velocity(r), r.nextInt(65536));
            }
        }
        shuffle(r, into);
        return into;
    }

    static void shuffle(Random r, SnapshotState s) {
        for (int i = s.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            // swap via re-adding would allocate nothing but is clumsy; use the package-private arrays
            swap(s.id, i, j);
            swap(s.kind, i, j);
            swap(s.x, i, j);
            swap(s.y, i, j);
            swap(s.vx, i, j);
            swap(s.vy, i, j);
            swap(s.heading, i, j);
        }
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    static int position(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> SnapshotState.POSITION_MIN + r.nextInt(3);
            case 1 -> SnapshotState.POSITION_MAX - r.nextInt(3);
            default -> r.nextInt(SnapshotState.POSITION_MAX - SnapshotState.POSITION_MIN + 1) + SnapshotState.POSITION_MIN;
        };
    }

    static int velocity(Random r) {
        return r.nextInt(65536) - 32768;
    }
}
