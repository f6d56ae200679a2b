package dev.strafe.webrtc.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the Chromium integration tests need to run a node script (Playwright + headless Chromium) in a network
 * namespace that has only {@code lo} (../shared/TESTING.md): prerequisites that fail the test with a clear
 * message (never skip), {@code npm ci} when {@code playwright-core} is missing, the {@code unshare} command
 * line, and a bounded run whose output is collected. Shared with the game server's tests through this
 * module's test jar ({@code dev/strafe/webrtc/testing/**}).
 */
public final class BrowserProcess {

    /** Exit code and collected output of one run. */
    public record Result(int exit, String stdout, String stderr) {
    }

    private BrowserProcess() {
    }

    /** Fails unless Chromium, {@code unshare} and {@code node} are installed (CI installs Chromium). */
    public static void requirePrerequisites() {
        requireFile(Path.of("/usr/bin/chromium"), "Chromium is missing: apt-get install -y chromium (CI installs it)");
        requireFile(Path.of("/usr/bin/unshare"), "unshare (util-linux) is missing");
        requireOnPath("node", "node is missing (Node 20+ is a build prerequisite)");
    }

    public static void requireFile(Path path, String message) {
        if (!Files.isRegularFile(path)) {
            fail(message);
        }
    }

    public static void requireOnPath(String tool, String message) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        fail(message);
    }

    /** {@code npm ci} in {@code dir} unless its {@code node_modules/playwright-core} exists; fails on error. */
    public static void installPlaywrightIfMissing(Path dir) throws Exception {
        if (!Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
            Result npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), dir, 180, "npm ci (playwright-core)", Map.of());
            if (npm.exit() != 0) {
                fail("npm ci in " + dir + " failed (exit " + npm.exit() + "):\n" + tail(npm.stderr(), 3000));
            }
        }
    }

    /** {@code innerShell} run by {@code sh -c} in a new network namespace with {@code lo} up (user namespace unless root). */
    public static List<String> inLoopbackOnlyNamespace(String innerShell) {
        List<String> cmd = new ArrayList<>(isRoot() ? List.of("unshare", "--net")
            : List.of("unshare", "--user", "--map-root-user", "--net"));
        cmd.addAll(List.of("--", "sh", "-c", "ip link set lo up && " + innerShell));
        return cmd;
    }

    /**
     * Runs {@code cmd} in {@code dir} with JAVA_HOME set to this JVM's and {@code env} added; on timeout kills it
     * and its descendants and fails with the stderr tail.
     */
    public static Result run(List<String> cmd, Path dir, int timeoutSeconds, String what, Map<String, String> env)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile("browser-process", ".out");
        Path err = Files.createTempFile("browser-process", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                fail(what + " did not finish within " + timeoutSeconds + " s; stderr tail:\n" + tail(Files.readString(err), 3000));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    public static String readOrEmpty(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    public static String tail(String s, int n) {
        return s.length() <= n ? s : s.substring(s.length() - n);
    }

    private static boolean isRoot() {
        try {
            return Files.readString(Path.of("/proc/self/status")).lines()
                .filter(l -> l.startsWith("Uid:")).anyMatch(l -> l.split("\\s+")[1].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }
}
