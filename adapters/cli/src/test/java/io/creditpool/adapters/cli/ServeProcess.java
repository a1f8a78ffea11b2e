package io.creditpool.adapters.cli;

import io.creditpool.Creditpool;
import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.jdbc.JdbcApiKeys;
import io.creditpool.adapters.jdbc.JdbcCreditStore;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.port.out.CreditStore;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./creditpool serve --port 0 OPTIONS} in a JVM of its own on a file store, as a user starts it; closing
 * it sends SIGTERM and waits for the service to stop.
 */
final class ServeProcess implements AutoCloseable {
    private final Process process;
    private final String firstLine;

    private ServeProcess(Process process) throws IOException {
        this.process = process;
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        this.firstLine = line == null ? "" : line;
    }

    /** The service on {@code store}, with the JVM settings {@code settings} ({@code name=value}) and serve's options. */
    static ServeProcess start(StoreSettings store, List<String> settings, String... options) throws IOException {
        return start(store, settings, null, options);
    }

    /** As {@link #start(StoreSettings, List, String...)}, its standard error written to {@code log} when not null. */
    static ServeProcess start(StoreSettings store, List<String> settings, java.nio.file.Path log, String... options)
            throws IOException {
        List<String> command = command(store, settings, "serve", "--port", "0");
        command.addAll(List.of(options));
        return new ServeProcess(new ProcessBuilder(command).redirectError(log == null ? ProcessBuilder.Redirect.INHERIT
                : ProcessBuilder.Redirect.to(log.toFile())).start());
    }

    /** What a command line run to its end printed (standard output and error together), and its exit code. */
    record Ran(int exit, String out) {
    }

    /**
     * {@code ./creditpool ARGS} in a JVM of its own on {@code store}, with the JVM settings {@code settings}
     * ({@code name=value}), run to its end (within 2 minutes).
     */
    static Ran run(StoreSettings store, List<String> settings, String... args) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command(store, settings, args)).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("creditpool " + String.join(" ", args) + " did not end within 2 minutes: " + out);
        }
        return new Ran(process.exitValue(), out);
    }

    private static List<String> command(StoreSettings store, List<String> settings, String... args) {
        String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>(List.of(javaBin, "-cp", System.getProperty("java.class.path"),
                "-D" + StoreSettings.PROPERTY + "=" + store.setting(),
                // several logback-test.xml on a reactor build's class path make Logback print its status on standard
                // output, ahead of serve's first line
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener"));
        settings.forEach(s -> command.add("-D" + s));
        command.add("io.creditpool.adapters.cli.CreditpoolCommand");
        command.addAll(List.of(args));
        return command;
    }

    /** A key for host product {@code product} (or an operator key), made in the store as {@code keys create} would. */
    static String key(StoreSettings store, String product, ApiKeys.Scope scope) {
        try (Creditpool pool = Creditpool.builder().store(store).build()) {
            return new JdbcApiKeys((JdbcCreditStore) pool.component(CreditStore.class)).create(product, scope).key();
        }
    }

    /** The process id of the service's JVM. */
    long pid() {
        return process.pid();
    }

    /** What serve printed first. */
    String firstLine() {
        return firstLine;
    }

    /** The URL serve says it serves on, matched by {@code pattern}'s first group; null if it said otherwise. */
    String url(String pattern) {
        Matcher url = Pattern.compile(pattern).matcher(firstLine);
        return url.find() ? url.group(1) : null;
    }

    /** SIGTERM, then true if the service stopped within 30 s. */
    boolean stop() throws InterruptedException {
        process.destroy();
        return process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The process itself, to kill it (SIGKILL) as a crash would. */
    Process process() {
        return process;
    }

    /** SIGKILL: the process ends at once, whatever it was doing; true once it has ended (within 30 s). */
    boolean kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The exit code of the stopped process. */
    int exitCode() {
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (!stop()) {
            process.destroyForcibly();
        }
    }
}
