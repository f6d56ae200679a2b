package dev.strafe.server.edge;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one-node benchmark's load generator, in its own process: connects N Java WebRTC players (the
 * {@link GameTestClient} the ITs use) to a running node over loopback, rooms of {@code --room-size}, each player
 * sending inputs at {@code --hz} with acks and applying every snapshot; after a warm-up it measures the server
 * process (CPU from {@code /proc/<pid>/stat}, tick p99 and dropped snapshots from {@code /metrics}) and prints one
 * summary. Bounded: at most {@code --players}, ends after {@code --seconds}.
 *
 * <pre>
 * java -cp ... dev.strafe.server.edge.LoadClient --port 18080 --pid SERVER_PID --players 1000 --room-size 32 \
 *      --hz 20 --warmup 20 --seconds 60 --join-concurrency 8
 * </pre>
 */
public final class LoadClient {

    private LoadClient() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        int port = Integer.parseInt(a.getOrDefault("port", "18080"));
        long pid = Long.parseLong(a.getOrDefault("pid", "0"));
        int players = Math.min(5_000, Integer.parseInt(a.getOrDefault("players", "100")));
        int roomSize = Integer.parseInt(a.getOrDefault("room-size", "32"));
        int hz = Integer.parseInt(a.getOrDefault("hz", "20"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "20"));
        int seconds = Math.min(600, Integer.parseInt(a.getOrDefault("seconds", "60")));
        int concurrency = Integer.parseInt(a.getOrDefault("join-concurrency", "8"));
        int loops = Integer.parseInt(a.getOrDefault("event-loops", "2"));

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true)
                .setBlockedThreadCheckInterval(10_000));
        WebClient http = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true));
        List<GameTestClient> clients = new ArrayList<>();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long t0 = System.nanoTime();
        List<Future<GameTestClient>> joins = new ArrayList<>();
        for (int i = 0; i < players; i++) {
            String room = "load-" + (i / roomSize);
            String name = "bot" + i;
            joins.add(pool.submit(() -> {
                for (int attempt = 0; attempt < 3; attempt++) {
                    try {
                        GameTestClient c = GameTestClient.join(vertx, http, port, room, name, null);
                        c.record = false;
                        c.wander = true;
                        c.startInputs(hz);
                        return c;
                    } catch (Exception e) {
                        System.err.println("join " + name + " attempt " + (attempt + 1) + " failed: " + e.getMessage());
                        // the server frees a half-open attempt's room slot after its handshake timeout (10 s)
                        Thread.sleep(11_000);
                    }
                }
                failed.incrementAndGet();
                return null;
            }));
        }
        for (Future<GameTestClient> f : joins) {
            GameTestClient c = f.get(120, TimeUnit.SECONDS);
            if (c != null) {
                clients.add(c);
            }
        }
        pool.shutdown();
        double rampSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "connected %d players (%d failed) in %.1f s%n", clients.size(), failed.get(), rampSeconds);

        Thread.sleep(warmup * 1000L);
        long self = ProcessHandle.current().pid();
        long c1 = Sample.cpuTicks(self);
        Sample s1 = Sample.take(pid, port, clients);
        Thread.sleep(seconds * 1000L);
        Sample s2 = Sample.take(pid, port, clients);
        long c2 = Sample.cpuTicks(self);

        double cpuSeconds = (s2.cpuTicks - s1.cpuTicks) / 100.0; // USER_HZ = 100
        double wall = (s2.nanos - s1.nanos) / 1e9;
        double cores = cpuSeconds / wall;
        long snaps = s2.snapshots - s1.snapshots;
        long full = s2.full - s1.full;
        long notApplied = s2.notApplied - s1.notApplied;
        long bytes = s2.bytes - s1.bytes;
        Map<String, String> summary = new TreeMap<>();
        summary.put("players", Integer.toString(clients.size()));
        summary.put("joinFailures", Integer.toString(failed.get()));
        summary.put("rampSeconds", fmt(rampSeconds));
        summary.put("measureSeconds", fmt(wall));
        summary.put("serverCpuCores", fmt(cores));
        summary.put("clientCpuCores", fmt((c2 - c1) / 100.0 / wall));
        summary.put("loadAverage1m", Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        for (String reason : List.of("rate_limited", "stale_sequence", "malformed", "no_session")) {
            summary.put("inputsDroppedAtEdge_" + reason, fmt(s2.metric("strafe_edge_inputs_dropped_total", "reason=\"" + reason + "\"")
                    - s1.metric("strafe_edge_inputs_dropped_total", "reason=\"" + reason + "\"")));
        }
        summary.put("handshakesFailed", fmt(s2.metric("strafe_edge_dtls_handshakes_total", "result=\"failed\"")));
        summary.put("sctpRetransmissions", fmt(s2.metric("strafe_edge_sctp_retransmissions_total", "layer=\"sctp\"")
                - s1.metric("strafe_edge_sctp_retransmissions_total", "layer=\"sctp\"")));
        summary.put("serverCpuMillisPerPlayerSecond", fmt(clients.isEmpty() ? 0 : cores * 1000 / clients.size()));
        summary.put("snapshotsPerPlayerSecond", fmt(clients.isEmpty() ? 0 : snaps / wall / clients.size()));
        summary.put("fullSnapshotShare", fmt(snaps == 0 ? 0 : (double) full / snaps));
        summary.put("snapshotsNotApplied", Long.toString(notApplied));
        summary.put("meanSnapshotBytes", fmt(snaps == 0 ? 0 : (double) bytes / snaps));
        summary.put("tickP99Millis", fmt(histogramQuantile("strafe_room_tick_duration_seconds", s1, s2, 0.99) * 1000));
        summary.put("tickP50Millis", fmt(histogramQuantile("strafe_room_tick_duration_seconds", s1, s2, 0.50) * 1000));
        summary.put("ticks", fmt(s2.metric("strafe_room_tick_duration_seconds_count", "") - s1.metric("strafe_room_tick_duration_seconds_count", "")));
        summary.put("tickMaxMillis", fmt(s2.metric("strafe_room_tick_duration_seconds_max", "") * 1000));
        summary.put("tickOverruns", fmt(s2.metric("strafe_room_tick_overruns_total", "") - s1.metric("strafe_room_tick_overruns_total", "")));
        summary.put("snapshotsDroppedCongestion", fmt(s2.metric("strafe_edge_snapshots_dropped_total", "reason=\"congestion\"")
                - s1.metric("strafe_edge_snapshots_dropped_total", "reason=\"congestion\"")));
        summary.put("snapshotsDroppedSendFailed", fmt(s2.metric("strafe_edge_snapshots_dropped_total", "reason=\"send_failed\"")
                - s1.metric("strafe_edge_snapshots_dropped_total", "reason=\"send_failed\"")));
        summary.put("inputsDroppedAtEdge", fmt(s2.sum("strafe_edge_inputs_dropped_total") - s1.sum("strafe_edge_inputs_dropped_total")));
        summary.put("inputsDroppedAtRoom", fmt(s2.sum("strafe_room_inputs_dropped_total") - s1.sum("strafe_room_inputs_dropped_total")));
        summary.put("snapshotBytesP99", fmt(s2.metric("strafe_edge_snapshot_bytes", "quantile=\"0.99\"")));
        summary.put("serverEdgePlayers", fmt(s2.metric("strafe_edge_players", "")));
        StringBuilder json = new StringBuilder("{");
        summary.forEach((k, v) -> json.append(json.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(v));
        System.out.println(json.append('}'));

        ExecutorService closer = Executors.newFixedThreadPool(8);
        List<Future<?>> closing = new ArrayList<>();
        clients.forEach(c -> closing.add(closer.submit(c::close)));
        for (Future<?> f : closing) {
            f.get(60, TimeUnit.SECONDS);
        }
        closer.shutdown();
        http.close();
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    /**
     * The {@code q} quantile of a Prometheus histogram over the window between two scrapes: the upper bound of the
     * first bucket whose cumulative count delta reaches {@code q} of the total (bucket resolution).
     */
    static double histogramQuantile(String name, Sample s1, Sample s2, double q) {
        TreeMap<Double, Double> a = s1.buckets(name);
        TreeMap<Double, Double> b = s2.buckets(name);
        double total = b.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - a.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) {
            return 0;
        }
        for (Map.Entry<Double, Double> e : b.entrySet()) {
            double delta = e.getValue() - a.getOrDefault(e.getKey(), 0.0);
            if (delta >= q * total) {
                return e.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("argument: '" + args[i] + "' (expected: --name value)");
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        return m;
    }

    /** Server CPU, its /metrics text and the clients' counters at one instant. */
    record Sample(long nanos, long cpuTicks, String metrics, long snapshots, long full, long notApplied, long bytes) {

        static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        /** utime + stime of {@code pid} in clock ticks (USER_HZ): fields 14 and 15 of /proc/<pid>/stat (man 5 proc). */
        static long cpuTicks(long pid) throws java.io.IOException {
            if (pid <= 0) {
                return 0;
            }
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }

        static Sample take(long pid, int port, List<GameTestClient> clients) throws Exception {
            long cpu = cpuTicks(pid);
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            long snaps = 0;
            long full = 0;
            long notApplied = 0;
            long bytes = 0;
            for (GameTestClient c : clients) {
                snaps += c.snapshots.get();
                full += c.fullSnapshots.get();
                notApplied += c.notApplied.get();
                bytes += c.snapshotBytes.get();
            }
            return new Sample(System.nanoTime(), cpu, metrics, snaps, full, notApplied, bytes);
        }

        /** The value of the first sample line of {@code name} whose labels contain {@code labelPart}, or 0. */
        double metric(String name, String labelPart) {
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+|NaN)$").matcher(metrics);
            while (m.find()) {
                String labels = m.group(1) == null ? "" : m.group(1);
                if (labels.contains(labelPart)) {
                    return m.group(2).equals("NaN") ? 0 : Double.parseDouble(m.group(2));
                }
            }
            return 0;
        }

        /** {@code le} upper bound to cumulative count of the histogram {@code name}. */
        TreeMap<Double, Double> buckets(String name) {
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "_bucket\\{le=\"([^\"]+)\"\\} ([0-9.eE+-]+)$").matcher(metrics);
            TreeMap<Double, Double> out = new TreeMap<>();
            while (m.find()) {
                double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
                out.put(le, Double.parseDouble(m.group(2)));
            }
            return out;
        }

        /** The sum of every sample line of {@code name}. */
        double sum(String name) {
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(metrics);
            double total = 0;
            while (m.find()) {
                total += Double.parseDouble(m.group(2));
            }
            return total;
        }
    }
}
