package io.creditpool.example;

import io.creditpool.Creditpool;
import io.creditpool.NewTeam;
import io.creditpool.adapters.store.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a host product without a logging backend sees, as docs/embedding.md tells it: SLF4J's notice that it found
 * none, on standard error, and nothing else on standard error or standard output, whatever Creditpool and its
 * libraries (Drools, HikariCP, Flyway, H2) do.
 * The build runs each test class of this module in a JVM of its own, so nothing has started SLF4J before this test.
 */
class WithoutALoggingBackendTest {

    @Test
    void aHostProductWithoutALoggingBackendSeesSlf4jsNoticeAndNothingElse(@TempDir Path data) {
        PrintStream standardOutput = System.out;
        PrintStream standardError = System.err;
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ByteArrayOutputStream error = new ByteArrayOutputStream();
        System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(error, true, StandardCharsets.UTF_8));
        try (Creditpool pool = Creditpool.builder().store(StoreSettings.h2(data)).build()) {
            pool.teams().create(NewTeam.named("acme").plan("team").seats(3).owner("olivia"));
            assertThat(pool.team("acme").as("olivia").consume(120).accepted()).isTrue();
        } finally {
            System.setOut(standardOutput);
            System.setErr(standardError);
        }

        // (the Log4j API's own "could not find a logging provider" goes to standard output)
        assertThat(output.toString(StandardCharsets.UTF_8)).as("standard output").isEmpty();
        List<String> lines = error.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).as("standard error").contains("SLF4J(W): No SLF4J providers were found.",
                "SLF4J(W): Defaulting to no-operation (NOP) logger implementation");
        assertThat(lines).as("standard error").allMatch(l -> l.startsWith("SLF4J(W): "));
    }
}
