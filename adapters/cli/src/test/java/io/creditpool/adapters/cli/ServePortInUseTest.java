package io.creditpool.adapters.cli;

import io.creditpool.adapters.store.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./creditpool serve} on a port another program listens on, as a user starts it (a JVM of its own, the shipped
 * logging): one line naming the port and how to choose another, exit 1, no stack trace.
 */
class ServePortInUseTest {
    @TempDir
    Path dir;

    private record Ended(int code, String out, String err) {
    }

    private Ended serve(Map<String, String> environment, String... options) throws Exception {
        String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>(List.of(javaBin, "-cp", System.getProperty("java.class.path"),
                "-D" + StoreSettings.PROPERTY + "=sqlite:" + dir.resolve("store.db"),
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "io.creditpool.adapters.cli.CreditpoolCommand", "serve"));
        command.addAll(List.of(options));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("serve went on serving on a port in use");
        }
        return new Ended(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static ServerSocket occupied() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        return socket;
    }

    private static void toldWithoutATrace(Ended ended, int port) {
        assertThat(ended.code()).as(ended.err()).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(ended.err()).contains("port " + port + " on 127.0.0.1 is in use", "--port", "CREDITPOOL_PORT");
        assertThat(ended.err().lines()).as(ended.err())
                .noneMatch(line -> line.matches("^\\s+at [a-z].*"))
                .noneMatch(line -> line.contains("Exception"))
                .noneMatch(line -> line.contains("at io."));
        assertThat(ended.out()).doesNotContain("serving on");
    }

    @Test
    void aPortGivenWithPortThatIsInUseIsNamedWithHowToChooseAnother() throws Exception {
        try (ServerSocket taken = occupied()) {
            toldWithoutATrace(serve(Map.of(), "--port", String.valueOf(taken.getLocalPort())), taken.getLocalPort());
        }
    }

    @Test
    void aPortFromCreditpoolPortThatIsInUseIsToldTheSameWay() throws Exception {
        try (ServerSocket taken = occupied()) {
            toldWithoutATrace(serve(Map.of("CREDITPOOL_PORT", String.valueOf(taken.getLocalPort()))),
                    taken.getLocalPort());
        }
    }

    @Test
    void inSandboxModeToo() throws Exception {
        try (ServerSocket taken = occupied()) {
            toldWithoutATrace(serve(Map.of(), "--sandbox", "--port", String.valueOf(taken.getLocalPort())),
                    taken.getLocalPort());
        }
    }
}
