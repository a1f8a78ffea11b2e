package io.creditpool.adapters.payments;

import io.creditpool.kernel.port.out.PaymentGateway;
import io.creditpool.kernel.port.out.PaymentPlugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Chooses the payment plugin the configuration names: the system property {@code creditpool.payments} or the
 * environment variable {@code CREDITPOOL_PAYMENTS}, {@code NAME} or {@code NAME:SETTINGS}, among the
 * {@link PaymentPlugin}s on the classpath ({@code sandbox} when neither is set).
 */
public final class PaymentPlugins {
    public static final String PROPERTY = "creditpool.payments";
    public static final String VARIABLE = "CREDITPOOL_PAYMENTS";

    private PaymentPlugins() {
    }

    /** What the configuration names: {@code NAME} or {@code NAME:SETTINGS}; {@code sandbox} when nothing is set. */
    public static String configured() {
        return configured(System.getProperties(), System.getenv());
    }

    static String configured(Map<Object, Object> properties, Map<String, String> environment) {
        Object property = properties.get(PROPERTY);
        String value = property != null ? property.toString() : environment.get(VARIABLE);
        return value == null || value.isBlank() ? SandboxPaymentGateway.PLUGIN : value.trim();
    }

    /** The gateway for {@code NAME} or {@code NAME:SETTINGS}, from the plugins on the classpath. */
    public static PaymentGateway open(String value) {
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        String settings = colon < 0 ? "" : value.substring(colon + 1);
        List<String> known = new ArrayList<>();
        for (PaymentPlugin plugin : ServiceLoader.load(PaymentPlugin.class, PaymentPlugins.class.getClassLoader())) {
            if (plugin.name().equals(name)) {
                try {
                    return plugin.open(settings);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(PROPERTY + " / " + VARIABLE + ": payment plugin '" + name
                            + "': " + e.getMessage(), e);
                }
            }
            known.add(plugin.name());
        }
        throw new IllegalArgumentException(PROPERTY + " / " + VARIABLE + ": no payment plugin named '" + name
                + "' on the classpath; found " + known.stream().sorted().toList()
                + (name.equals("http") ? "; the http plugin comes with io.creditpool:creditpool-payments-http" : ""));
    }
}
