package io.creditpool.adapters.http.portal;

import io.creditpool.kernel.domain.InvalidInputException;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * How the Credits &amp; Billing page looks and where it may be framed, per host product, and how long its links and
 * sessions last. Read from system properties ({@link #fromProperties}) named {@code creditpool.portal.PRODUCT.KEY}:
 * {@code frame-ancestors} (origins, separated by spaces or commas, that may show the page in an iframe; none: it may
 * not be framed), {@code logo} (an image URL), {@code accent} (a colour {@code #rrggbb}) and {@code return-url} (the
 * link back to the product when a session gives none); and {@code creditpool.portal.link-ttl} /
 * {@code creditpool.portal.session-ttl} (ISO-8601 durations).
 */
public record PortalSettings(Duration linkTtl, Duration sessionTtl, Map<String, Branding> products) {
    public static final Duration LINK_TTL_DEFAULT = Duration.ofMinutes(5);
    public static final Duration SESSION_TTL_DEFAULT = Duration.ofHours(1);
    public static final String DEFAULT_ACCENT = "#2456c9";
    private static final String PREFIX = "creditpool.portal.";
    private static final Pattern ACCENT = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.*-]+(:[0-9]{1,5})?");

    public PortalSettings {
        products = Map.copyOf(products);
        if (linkTtl.isNegative() || linkTtl.isZero() || sessionTtl.isNegative() || sessionTtl.isZero()) {
            throw new InvalidInputException(PREFIX + "link-ttl", "durations must be positive");
        }
    }

    /** No product branded, no framing allowed, the default durations. */
    public static PortalSettings defaults() {
        return new PortalSettings(LINK_TTL_DEFAULT, SESSION_TTL_DEFAULT, Map.of());
    }

    /** These settings with {@code branding} for its product. */
    public PortalSettings with(Branding branding) {
        Map<String, Branding> all = new HashMap<>(products);
        all.put(branding.product(), branding);
        return new PortalSettings(linkTtl, sessionTtl, all);
    }

    /** The branding of {@code product}: its own, or the plain one (no logo, the default accent, no framing). */
    public Branding branding(String product) {
        return products.getOrDefault(product, new Branding(product, List.of(), null, DEFAULT_ACCENT, null));
    }

    /** The settings the system properties give ({@code creditpool.portal.*}). */
    public static PortalSettings fromProperties(Properties properties) {
        Duration link = duration(properties, PREFIX + "link-ttl", LINK_TTL_DEFAULT);
        Duration session = duration(properties, PREFIX + "session-ttl", SESSION_TTL_DEFAULT);
        Map<String, Map<String, String>> byProduct = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String rest = name.substring(PREFIX.length());
            int dot = rest.lastIndexOf('.');
            if (dot <= 0) {
                continue;
            }
            byProduct.computeIfAbsent(rest.substring(0, dot), p -> new HashMap<>())
                    .put(rest.substring(dot + 1), properties.getProperty(name));
        }
        PortalSettings settings = new PortalSettings(link, session, Map.of());
        for (var e : byProduct.entrySet()) {
            Map<String, String> v = e.getValue();
            String ancestors = v.getOrDefault("frame-ancestors", "").trim();
            settings = settings.with(new Branding(e.getKey(),
                    ancestors.isEmpty() ? List.of() : Arrays.asList(ancestors.split("[\\s,]+")), v.get("logo"),
                    v.getOrDefault("accent", DEFAULT_ACCENT), v.get("return-url")));
        }
        return settings;
    }

    private static Duration duration(Properties properties, String name, Duration otherwise) {
        String value = properties.getProperty(name);
        if (value == null) {
            return otherwise;
        }
        try {
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new InvalidInputException(name, "must be an ISO-8601 duration such as PT5M, was '" + value + "'");
        }
    }

    /**
     * A product's look and framing: the origins allowed to frame the page ({@code https://app.example.com}), a logo
     * URL (null: none), the accent colour ({@code #rrggbb}) and the return link used when a session names none.
     */
    public record Branding(String product, List<String> frameAncestors, String logo, String accent,
            String returnUrl) {
        public Branding {
            frameAncestors = List.copyOf(frameAncestors);
            String field = PREFIX + product + ".";
            for (String origin : frameAncestors) {
                if (!ORIGIN.matcher(origin).matches()) {
                    throw new InvalidInputException(field + "frame-ancestors", "'" + origin + "' is not an origin "
                            + "such as https://app.example.com");
                }
            }
            if (accent == null || !ACCENT.matcher(accent).matches()) {
                throw new InvalidInputException(field + "accent", "must be a colour #rrggbb, was '" + accent + "'");
            }
            double contrast = contrastWithWhite(accent);
            if (contrast < MIN_CONTRAST) {
                // buttons write white on the accent, links the accent on white: both must stay readable
                throw new InvalidInputException(field + "accent", String.format(java.util.Locale.ROOT,
                        "'%s' has a contrast of %.1f:1 with white; it must be at least %.1f:1 to stay readable",
                        accent, contrast, MIN_CONTRAST));
            }
            if (logo != null) {
                webUrl(field + "logo", logo);
            }
            if (returnUrl != null) {
                webUrl(field + "return-url", returnUrl);
            }
        }
    }

    /** The contrast text needs with its background (WCAG 2, AA for normal text). */
    public static final double MIN_CONTRAST = 4.5;

    /** The WCAG contrast ratio of a colour {@code #rrggbb} with white. */
    static double contrastWithWhite(String hex) {
        double luminance = 0;
        double[] weights = {0.2126, 0.7152, 0.0722};
        for (int i = 0; i < 3; i++) {
            double c = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            c = c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
            luminance += weights[i] * c;
        }
        return 1.05 / (luminance + 0.05);
    }

    /** Checks that {@code value} is an absolute http(s) URL, naming {@code field} if not. */
    static URI webUrl(String field, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                    || uri.getHost() == null) {
                throw new InvalidInputException(field, "must be an absolute http or https URL, was '" + value + "'");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new InvalidInputException(field, "must be an absolute http or https URL, was '" + value + "'");
        }
    }
}
