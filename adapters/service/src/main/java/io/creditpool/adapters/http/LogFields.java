package io.creditpool.adapters.http;

import java.util.regex.Pattern;

/**
 * Values for the service's {@code key=value} log lines, written so that no value can forge a field or a line: a
 * value made only of safe characters is written as it is; any other is written in double quotes, with {@code "} and
 * {@code \} escaped and every control character (newlines included) written as {@code \n}, {@code \r}, {@code \t}
 * or {@code \}{@code uXXXX}. Reading a line back: split on spaces outside quotes, then undo the escapes.
 */
final class LogFields {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:/{}@+\\-]+");
    /** Values longer than this are cut, so one request cannot write a huge line. */
    static final int MAX_CHARS = 256;

    private LogFields() {
    }

    /** {@code value} as it goes after {@code key=}; {@code -} for none. */
    static String value(Object value) {
        if (value == null) {
            return "-";
        }
        return quoted(value.toString(), MAX_CHARS);
    }

    private static String quoted(String value, int max) {
        String text = value.length() > max ? value.substring(0, max) + "..." : value;
        if (!text.isEmpty() && SAFE.matcher(text).matches()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A failure on one line: its class and message, and each cause's, then the frames, separated by {@code |}. */
    static String stack(Throwable failure) {
        StringBuilder out = new StringBuilder();
        int frames = 0;
        for (Throwable t = failure; t != null && frames < 40; t = t.getCause()) {
            if (out.length() > 0) {
                out.append(" | caused by ");
            }
            out.append(t.getClass().getName()).append(": ").append(t.getMessage());
            for (StackTraceElement e : t.getStackTrace()) {
                if (++frames > 40) {
                    break;
                }
                out.append(" | at ").append(e);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return quoted(out.toString(), 8000);
    }
}
