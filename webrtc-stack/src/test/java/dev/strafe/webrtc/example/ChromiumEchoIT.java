package dev.strafe.webrtc.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.strafe.webrtc.testing.BrowserProcess;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Headless Chromium ↔ the echo server over real UDP, inside a fresh network namespace that has only {@code lo}
 * (../shared/TESTING.md): {@code unshare --net -- sh -c 'ip link set lo up && exec node chromium-echo.mjs ...'}.
 * The node script starts the Java echo server ({@code echo-server.sh}) in the same namespace, drives the page
 * (DCEP and pre-negotiated {@code pos}/{@code tx} channels, 256 KiB, 1,000 rapid unreliable messages, channel
 * close seen server-side, peer gone after {@code pc.close()}) and prints one JSON line per scenario.
 *
 * <p>Fails (never skips) when Chromium, node or unshare is missing: CI installs Chromium. Artifacts
 * (screenshots, page console, server log) go to {@code target/chromium-echo/}.
 */
class ChromiumEchoIT {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path BROWSER = MODULE.resolve("src/test/browser");
    private static final Path ARTIFACTS = MODULE.resolve("target/chromium-echo");

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void chromiumEchoesOnDcepAndNegotiatedChannelsThenLeavesNoPeer() throws Exception {
        BrowserProcess.requirePrerequisites();
        BrowserProcess.installPlaywrightIfMissing(BROWSER);
        Files.createDirectories(ARTIFACTS);
        String server = MODULE.resolve("echo-server.sh") + " {PORT}";
        List<String> cmd = BrowserProcess.inLoopbackOnlyNamespace("exec node chromium-echo.mjs --port 18190 --artifacts '"
            + ARTIFACTS + "' --server '" + server + "'");
        // the server as deployed: warmed JIT. A cold (interpreted) server acknowledges the 1,000-message pos burst
        // so late that Chromium's T3 timer fires and, with maxRetransmits 0, abandons messages still in flight
        // (548/1000 seen cold on a loaded machine, 1000/1000 warm). 3 s is enough for the pos path in a test.
        BrowserProcess.Result r = BrowserProcess.run(cmd, BROWSER, 200, "chromium-echo.mjs", Map.of("STRAFE_ECHO_WARMUP", "3"));
        Files.writeString(ARTIFACTS.resolve("stdout.jsonl"), r.stdout());
        Files.writeString(ARTIFACTS.resolve("stderr.log"), r.stderr());
        List<String> lines = r.stdout().lines().filter(l -> l.startsWith("{")).toList();
        if (r.exit() != 0 || lines.size() != 2) {
            fail("chromium-echo.mjs exit " + r.exit() + ", results:\n" + String.join("\n", lines) + "\nstderr tail:\n"
                + BrowserProcess.tail(r.stderr(), 3000) + "\nserver log tail:\n" + BrowserProcess.tail(BrowserProcess.readOrEmpty(ARTIFACTS.resolve("server.log")), 3000));
        }
        for (String line : lines) {
            assertTrue(line.contains("\"ok\":true"), line);
            assertTrue(line.contains("\"posReceived\":"), line);
            int received = Integer.parseInt(line.replaceAll(".*\"posReceived\":(\\d+).*", "$1"));
            assertTrue(received >= 800, "pos rapid messages echoed: " + received + "/1000 in " + line);
            System.out.println("ChromiumEchoIT: " + line);
        }
        assertEquals(2, lines.size());
    }
}
