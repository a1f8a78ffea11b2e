package io.creditpool.adapters.http.portal;

import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Credits used per day of the current cycle, drawn on the server as an SVG of stacked bars, one colour per member
 * ({@code byMember}) or one bar per day for a single member's own usage. Usage is consumptions and what settled
 * reservations spent.
 */
final class UsageChart {
    static final String[] COLOURS = {"#2456c9", "#d2691e", "#2e8b57", "#8a2be2", "#b22222", "#008b8b", "#6b6b00"};
    private static final int WIDTH = 640;
    private static final int HEIGHT = 200;
    private static final int LEFT = 48;
    private static final int BOTTOM = 24;
    private static final int TOP = 10;

    private UsageChart() {
    }

    /** A drawn chart and what it says in words (for screen readers and the legend). */
    record Drawn(String svg, String summary, List<Map<String, String>> legend, long total) {
    }

    /** The chart for {@code cycle} up to {@code now}; only {@code only}'s usage when it is not null. */
    static Drawn draw(List<LedgerEntry> ledger, BillingCycle cycle, Instant now, MemberId only) {
        LocalDate first = LocalDate.ofInstant(cycle.start(), ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(cycle.end().minusSeconds(1), ZoneOffset.UTC);
        int days = (int) ChronoUnit.DAYS.between(first, last) + 1;
        Map<String, long[]> byMember = new TreeMap<>();
        long total = 0;
        for (LedgerEntry e : ledger) {
            if (e.at().isBefore(cycle.start()) || !e.at().isBefore(cycle.end())) {
                continue;
            }
            MemberId member;
            long used;
            if (e instanceof LedgerEntry.CreditsConsumed c) {
                member = c.member();
                used = c.credits();
            } else if (e instanceof LedgerEntry.ReservationSettled r) {
                member = r.member();
                used = r.consumed();
            } else {
                continue;
            }
            if (only != null && !only.equals(member) || used == 0) {
                continue;
            }
            int day = (int) ChronoUnit.DAYS.between(first, LocalDate.ofInstant(e.at(), ZoneOffset.UTC));
            byMember.computeIfAbsent(member.value(), m -> new long[days])[day] += used;
            total += used;
        }
        long max = 1;
        for (int d = 0; d < days; d++) {
            long sum = 0;
            for (long[] perDay : byMember.values()) {
                sum += perDay[d];
            }
            max = Math.max(max, sum);
        }
        double slot = (WIDTH - LEFT) / (double) days;
        double barWidth = Math.max(2, slot * 0.7);
        double plotHeight = HEIGHT - BOTTOM - TOP;
        String summary = total == 0 ? "No credits used yet this cycle."
                : Words.credits(total) + " credits used this cycle, at most " + Words.credits(max) + " in one day.";
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"chart-title\" xmlns=\"http://www.w3.org/2000/svg\">")
                .append("<title id=\"chart-title\">Credits used per day this cycle. ").append(escape(summary))
                .append("</title>");
        // axis: zero line, the top value, first and last day
        svg.append(line(LEFT, HEIGHT - BOTTOM, WIDTH, HEIGHT - BOTTOM));
        svg.append(text(LEFT - 6, TOP + 10, "end", Words.credits(max)));
        svg.append(text(LEFT - 6, HEIGHT - BOTTOM, "end", "0"));
        svg.append(text(LEFT, HEIGHT - 6, "start", Words.day(cycle.start()).replaceFirst(", \\d+$", "")));
        svg.append(text(WIDTH, HEIGHT - 6, "end", Words.day(cycle.end().minusSeconds(1)).replaceFirst(", \\d+$", "")));
        List<Map<String, String>> legend = new ArrayList<>();
        int colour = 0;
        double[] stacked = new double[days];
        for (var member : byMember.entrySet()) {
            String fill = COLOURS[colour++ % COLOURS.length];
            long sum = 0;
            for (int d = 0; d < days; d++) {
                long used = member.getValue()[d];
                sum += used;
                if (used == 0) {
                    continue;
                }
                double h = used * plotHeight / max;
                double x = LEFT + d * slot + (slot - barWidth) / 2;
                double y = HEIGHT - BOTTOM - stacked[d] - h;
                stacked[d] += h;
                svg.append(String.format(java.util.Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s: %s credits on %s</title></rect>",
                        x, y, barWidth, h, fill, escape(member.getKey()), Words.credits(used),
                        Words.day(first.plusDays(d).atStartOfDay().toInstant(ZoneOffset.UTC))));
            }
            Map<String, String> row = new LinkedHashMap<>();
            row.put("member", member.getKey());
            row.put("colour", fill);
            row.put("used", Words.credits(sum));
            legend.add(row);
        }
        svg.append("</svg>");
        return new Drawn(svg.toString(), summary, legend, total);
    }

    private static String line(int x1, int y1, int x2, int y2) {
        return "<line x1=\"" + x1 + "\" y1=\"" + y1 + "\" x2=\"" + x2 + "\" y2=\"" + y2
                + "\" stroke=\"#767676\" stroke-width=\"1\"/>";
    }

    private static String text(int x, int y, String anchor, String value) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" text-anchor=\"" + anchor
                + "\" font-size=\"11\" fill=\"#3d3d3d\">" + escape(value) + "</text>";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
