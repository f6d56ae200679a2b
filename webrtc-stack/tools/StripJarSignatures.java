import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * Rewrites a classpath so that the JDK's AOT cache can hold every class: the JVM skips classes from signed jars
 * ("Skipping ...: Signed JAR"), and Bouncy Castle's jars are signed, so their handshake code would be loaded and
 * profiled from scratch at every start. For each signed jar this writes a copy without the signature files
 * (META-INF/*.SF, *.RSA, *.DSA, *.EC) into OUT_DIR; unsigned jars and directories stay as they are. Prints the new
 * classpath. OpenJDK does not require signed JCA providers, and the project registers none.
 *
 * <pre>java webrtc-stack/tools/StripJarSignatures.java OUT_DIR CLASSPATH</pre>
 */
public final class StripJarSignatures {

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java StripJarSignatures.java OUT_DIR CLASSPATH");
            System.exit(2);
        }
        Path outDir = Files.createDirectories(Path.of(args[0]));
        List<String> result = new ArrayList<>();
        for (String entry : args[1].split(java.io.File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path jar = Path.of(entry);
            if (!entry.endsWith(".jar") || !Files.isRegularFile(jar) || !isSigned(jar)) {
                result.add(entry);
                continue;
            }
            Path copy = outDir.resolve(jar.getFileName());
            writeUnsigned(jar, copy);
            result.add(copy.toAbsolutePath().toString());
        }
        System.out.println(String.join(java.io.File.pathSeparator, result));
    }

    private static boolean isSignatureFile(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return n.startsWith("META-INF/") && n.indexOf('/', "META-INF/".length()) < 0
                && (n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA") || n.endsWith(".EC"));
    }

    private static boolean isSigned(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile(), false)) {
            return f.stream().anyMatch(e -> isSignatureFile(e.getName()));
        }
    }

    private static void writeUnsigned(Path from, Path to) throws IOException {
        Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
        try (JarFile in = new JarFile(from.toFile(), false);
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp))) {
            for (JarEntry e : (Iterable<JarEntry>) in.stream()::iterator) {
                if (isSignatureFile(e.getName())) {
                    continue;
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                out.putNextEntry(copy);
                try (InputStream data = in.getInputStream(e)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
        Files.move(tmp, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
