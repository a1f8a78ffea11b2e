package io.creditpool.adapters.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** {@code ./creditpool ARGS} run in this JVM, as the launcher runs it, keeping what the last run printed. */
final class Cli {
    /** What the last run printed on standard output and standard error. */
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** Runs {@code ./creditpool args} and answers its exit code. */
    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = CreditpoolCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }
}
