package io.creditpool.adapters.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The TCP addresses a process listens on, as {@code ss -ltnp} shows them, read from Linux's {@code /proc}: the
 * process's socket inodes ({@code /proc/PID/fd}) matched with the listening sockets of {@code /proc/net/tcp} and
 * {@code tcp6}. Each address is the kernel's hex form, {@code 0100007F:1F90} (127.0.0.1:8080) or a 32-digit IPv6 one.
 */
final class Listening {
    /** The state of a listening socket in {@code /proc/net/tcp}. */
    private static final String LISTEN = "0A";

    private Listening() {
    }

    static List<String> addresses(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // a descriptor closed while the folder was read
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals(LISTEN) && inodes.contains(f[9])) {
                    out.add(f[1]);
                }
            }
        }
        return out;
    }

    /** Whether an address from {@link #addresses} is loopback: 127.0.0.0/8, ::1 or ::ffff:127.x.x.x. */
    static boolean loopback(String address) {
        String host = address.substring(0, address.indexOf(':')).toUpperCase(Locale.ROOT);
        if (host.length() == 8) {
            return host.endsWith("7F");                    // little-endian: the first octet last
        }
        return host.equals("00000000000000000000000001000000")
                || (host.startsWith("0000000000000000FFFF0000") && host.endsWith("7F"));
    }
}
