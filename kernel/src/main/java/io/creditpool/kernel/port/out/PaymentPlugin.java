package io.creditpool.kernel.port.out;

/**
 * A payment plugin found on the classpath with {@link java.util.ServiceLoader}: list the implementing class in
 * {@code META-INF/services/io.creditpool.kernel.port.out.PaymentPlugin} of its jar. It is chosen by the setting
 * {@code creditpool.payments} (or the environment variable {@code CREDITPOOL_PAYMENTS}) whose value is
 * {@code NAME} or {@code NAME:SETTINGS}, e.g. {@code sandbox} or {@code http:https://processor.example/v1}.
 * The implementing class needs a public constructor without parameters.
 */
public interface PaymentPlugin {
    /**
     * The word that chooses this plugin: lower-case letters, digits and dashes ({@code sandbox}, {@code http} and
     * the others Creditpool ships are taken).
     */
    String name();

    /**
     * A gateway for the settings after {@code NAME:} (empty when none were given). Read secrets from the environment,
     * not from the settings, which may be logged.
     *
     * @throws IllegalArgumentException naming the setting or environment variable that is missing or wrong
     */
    PaymentGateway open(String settings);
}
