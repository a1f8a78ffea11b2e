package io.creditpool.adapters.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped log format ({@code logback.xml}): one line per event, whatever a message holds, with a failure's stack
 * trace in one {@code exception="..."} field.
 */
class LogFormatTest {
    private static List<String> logged(java.util.function.Consumer<org.slf4j.Logger> log) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            configurator.doConfigure(Path.of("src/main/resources/logback.xml").toFile());
            // the shipped appender, writing here instead of standard error
            ((ch.qos.logback.core.OutputStreamAppender<?>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                    .getAppender("STDERR")).setOutputStream(out);
            log.accept(context.getLogger("io.creditpool.test"));
        } finally {
            context.stop();
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).as(context.getStatusManager().getCopyOfStatusList().toString()).isNotEmpty();
        return lines;
    }

    @Test
    void aMessageWithLineBreaksStaysOnOneLine() throws Exception {
        List<String> lines = logged(l -> l.info("rules refused error={}", "x.drl:1: bad\nlevel=INFO forged=1"));
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).endsWith("rules refused error=x.drl:1: bad\\nlevel=INFO forged=1")
                .contains("level=INFO logger=test ");
    }

    @Test
    void aStackTraceIsOneFieldOnTheSameLine() throws Exception {
        Exception failure = new IllegalStateException("outer \"quoted\"", new java.io.IOException("inner"));
        List<String> lines = logged(l -> l.error("request failed", failure));
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("level=ERROR logger=test request failed exception=\"java.lang."
                + "IllegalStateException: outer \\\"quoted\\\" | at io.creditpool.adapters.cli.LogFormatTest")
                .contains(" | Caused by: java.io.IOException: inner | ").endsWith("\"");
    }
}
