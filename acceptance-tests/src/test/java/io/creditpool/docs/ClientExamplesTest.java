package io.creditpool.docs;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each client of {@code clients/} runs its example as a developer runs it, against a {@code serve} of this build
 * ({@link LocalServe}) with a key of its own: the TypeScript client installed with {@code npm ci} (which builds it)
 * and {@code npm run example}, in a copy of its folder; the Python client with {@code python3} and the client on
 * {@code PYTHONPATH}. An example checks every answer itself (a team on {@code team} with 3 seats owned by olivia, a
 * member with a limit, a consumption, the team read back, and two refusals, {@code member-limit} and
 * {@code insufficient-credits}, read as the generated {@code Problem}) and exits non-zero when one differs. Node,
 * npm and Python 3 with the Python client's requirements must be there: without them this test fails, saying what
 * is missing ({@code .ci/run} installs what it can).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ClientExamplesTest {
    private static final List<String> SHOWN = List.of("acme: 1380 credits; alice has used 120 of 300",
            "refused: member-limit (Member limit reached: ", "refused: insufficient-credits (Insufficient credits: ");
    /** The Python client's requirements (clients/python/requirements.txt) as modules, and the least version of some. */
    private static final String PYTHON_REQUIREMENTS = String.join("\n",
            "import importlib, importlib.metadata",
            "missing = []",
            "for module, dist, least in [('urllib3', 'urllib3', (2, 7)), ('dateutil', 'python-dateutil', None),",
            "        ('pydantic', 'pydantic', (2, 11)), ('typing_extensions', 'typing_extensions', None)]:",
            "    try:",
            "        importlib.import_module(module)",
            "    except ImportError:",
            "        missing.append(dist + ' (not installed)')",
            "        continue",
            "    version = importlib.metadata.version(dist)",
            "    if least and tuple(int(p) for p in version.split('.')[:2]) < least:",
            "        missing.append(dist + ' >= ' + '.'.join(map(str, least)) + ' (' + version + ' installed)')",
            "print('; '.join(missing))");

    @TempDir
    static Path folder;
    private static LocalServe serve;

    @BeforeAll
    static void serve() throws IOException {
        serve = LocalServe.start(folder);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (serve != null) {
            serve.close();
        }
    }

    @Test
    void theTypeScriptClientsExampleRunsAgainstAServe(@TempDir Path copy) throws Exception {
        assertThat(run(folder, "node", "--version").output()).as("Node (18 or later, for its fetch), which the "
                + "TypeScript client runs on").matches("v(1[89]|[2-9]\\d)\\..*\\s*");
        assertThat(run(folder, "npm", "--version").exit()).as("npm, which installs and builds the TypeScript client")
                .isZero();
        Path client = copy.resolve("typescript");
        copyClient(Markdown.root().resolve("clients/typescript"), client);

        Run install = run(client, "npm", "ci", "--no-audit", "--no-fund");
        assertThat(install.exit()).as("npm ci in clients/typescript (it builds the client):%n%s", install.output())
                .isZero();
        Run example = run(client, Map.of("CREDITPOOL_URL", serve.url(), "CREDITPOOL_API_KEY",
                serve.keyFor("typescript-example")), "npm", "run", "--silent", "example");

        assertThat(example.exit()).as("npm run example:%n%s", example.output()).isZero();
        assertThat(example.output()).contains(SHOWN);
    }

    @Test
    void thePythonClientsExampleRunsAgainstAServe() throws Exception {
        Path client = Markdown.root().resolve("clients/python");
        Run version = run(client, "python3", "--version");
        assertThat(version.exit()).as("python3, which the Python client runs on").isZero();
        Run requirements = run(client, "python3", "-c", PYTHON_REQUIREMENTS);
        assertThat(requirements.output().strip()).as("what python3 (%s) lacks of the Python client's requirements; "
                        + "install them with python3 -m pip install -r clients/python/requirements.txt",
                version.output().strip()).isEmpty();

        Run example = run(client, Map.of("CREDITPOOL_URL", serve.url(), "CREDITPOOL_API_KEY",
                serve.keyFor("python-example"), "PYTHONPATH", client.toString(),
                // nothing written beside the committed client
                "PYTHONDONTWRITEBYTECODE", "1"), "python3", "examples/quickstart.py");

        assertThat(example.exit()).as("python3 examples/quickstart.py:%n%s", example.output()).isZero();
        assertThat(example.output()).contains(SHOWN);
    }

    /** What a command printed (standard output and error) and its exit code. */
    private record Run(int exit, String output) {
    }

    private static Run run(Path directory, String... command) throws IOException, InterruptedException {
        return run(directory, Map.of(), command);
    }

    private static Run run(Path directory, Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Run(-1, command[0] + " could not be started: " + e.getMessage());
        }
        // read to the end: the command has closed its output, so it has ended or is about to
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
        return new Run(process.exitValue(), output);
    }

    /** The client's folder as committed, without what a build or an install left in it. */
    private static void copyClient(Path from, Path to) throws IOException {
        Set<String> left = Set.of("node_modules", "dist");
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (left.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
