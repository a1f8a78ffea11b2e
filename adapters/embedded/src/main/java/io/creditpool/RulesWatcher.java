package io.creditpool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches a rules folder by polling: every {@code interval} it hashes the contents of every file under the folder
 * (DRL files, the plan table, the scenarios). When the hash has changed and then stayed the same for one more poll
 * (an editor saving several files, or a file written in pieces, settles first), it calls the reload once, on its own
 * thread, off every request's path. Polling is used rather than file system events: it behaves the same on every
 * file system, including mounted volumes and folders replaced by a symbolic link swap.
 */
public final class RulesWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.creditpool.rules");
    /** How often the folder is looked at; a change is reloaded one to two intervals after the last write. */
    public static final Duration INTERVAL = Duration.ofMillis(300);

    private final Path folder;
    private final Runnable reload;
    private final ScheduledExecutorService thread;
    /** The folder's contents when they were last reloaded (or at start). */
    private byte[] reloaded;
    /** Contents seen once, different from {@link #reloaded}: reloaded if the next poll sees them again. */
    private byte[] settling;

    private RulesWatcher(Path folder, Runnable reload) {
        this.folder = folder;
        this.reload = reload;
        this.reloaded = fingerprint(folder);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "creditpool-rules-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts watching {@code folder}; {@code reload} runs on the watcher's thread after each settled change. */
    public static RulesWatcher start(Path folder, Runnable reload, Duration interval) {
        RulesWatcher watcher = new RulesWatcher(folder, reload);
        watcher.thread.scheduleWithFixedDelay(watcher::poll, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("rules watching folder={} interval_ms={}", folder, interval.toMillis());
        return watcher;
    }

    private void poll() {
        try {
            byte[] now = fingerprint(folder);
            if (now == null || Arrays.equals(now, reloaded)) {
                settling = null;
                return;
            }
            if (!Arrays.equals(now, settling)) {
                settling = now;   // changed since the last poll: wait until it settles
                return;
            }
            settling = null;
            reloaded = now;
            reload.run();
        } catch (RuntimeException e) {
            // the watcher must outlive a bad reload; the live rules are unchanged
            LOG.error("rules reload failed folder={} error=\"{}\"", folder, e.toString(), e);
        }
    }

    /** A hash of every file's path and contents under {@code folder}; null when it could not be read just now. */
    static byte[] fingerprint(Path folder) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path file : files) {
                sha.update(folder.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(file));
                sha.update((byte) 0);
            }
        } catch (IOException | UncheckedIOException e) {
            return null;   // a file removed or replaced while it was read: look again at the next poll
        }
        return sha.digest();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
