package io.creditpool.docs;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./creditpool serve} as a newcomer starts it, in a folder of its own: its store in {@code ./data} there, on a
 * free port, its standard error in {@code serve.log}. {@code ./creditpool} in that folder runs the command line from
 * this build's class path, as the launcher runs the jar, so keys are made with {@code ./creditpool keys create} as
 * the README makes them. Closing it stops the service.
 */
final class LocalServe implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("serving on http://127\\.0\\.0\\.1:(\\d+) ");

    private final Path folder;
    private final Process process;
    private final int port;

    private LocalServe(Path folder, Process process, int port) {
        this.folder = folder;
        this.process = process;
        this.port = port;
    }

    /** Writes {@code ./creditpool} into {@code folder} and starts its {@code serve --port 0} there. */
    static LocalServe start(Path folder) throws IOException {
        launcher(folder);
        Process serve = new ProcessBuilder("./creditpool", "serve", "--port", "0").directory(folder.toFile())
                .redirectError(folder.resolve("serve.log").toFile()).start();
        String first = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        Matcher port = SERVING.matcher(first == null ? "" : first);
        if (!port.find()) {
            serve.destroyForcibly();
            assertThat(first).as("serve's first line; its log:%n%s", Files.readString(folder.resolve("serve.log")))
                    .matches(".*" + SERVING.pattern() + ".*");
        }
        return new LocalServe(folder, serve, Integer.parseInt(port.group(1)));
    }

    int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}. */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** A new API key for host product {@code product}, as {@code ./creditpool keys create PRODUCT} prints it. */
    String keyFor(String product) throws IOException, InterruptedException {
        Process keys = new ProcessBuilder("./creditpool", "keys", "create", product).directory(folder.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String key = new String(keys.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(keys.waitFor(2, TimeUnit.MINUTES)).as("keys create finished").isTrue();
        assertThat(keys.exitValue()).as("keys create %s", product).isZero();
        assertThat(key).as("the key keys create printed").isNotBlank().doesNotContain("\n");
        return key;
    }

    /** {@code ./creditpool} in {@code folder}: the command line of this build, as the launcher runs its jar. */
    static void launcher(Path folder) throws IOException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Path launcher = folder.resolve("creditpool");
        Files.writeString(launcher, "#!/usr/bin/env bash\nexec '" + java + "' -cp '"
                + System.getProperty("java.class.path") + "'"
                // several logback-test.xml on the class path make Logback print its status on standard output
                + " -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener"
                + " io.creditpool.adapters.cli.CreditpoolCommand \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
