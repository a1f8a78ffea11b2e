package io.creditpool.adapters.payments;

import io.creditpool.Creditpool;
import io.creditpool.adapters.Given;
import io.creditpool.adapters.payments.example.HouseAccountPlugin;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.out.PaymentGateway;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Payment plugins found on the classpath and chosen by configuration, as a host product's own would be. */
class PaymentPluginsTest {
    @Test
    void theSandboxUnlessTheConfigurationNamesAnother() {
        assertThat(PaymentPlugins.configured(Map.of(), Map.of())).isEqualTo("sandbox");
        assertThat(PaymentPlugins.configured(Map.of(), Map.of("CREDITPOOL_PAYMENTS", "house-account:10")))
                .isEqualTo("house-account:10");
        assertThat(PaymentPlugins.configured(Map.of("creditpool.payments", "sandbox"),
                Map.of("CREDITPOOL_PAYMENTS", "house-account:10"))).as("the property wins").isEqualTo("sandbox");
        assertThat(PaymentPlugins.open("sandbox")).isInstanceOf(SandboxPaymentGateway.class);
    }

    @Test
    void aPluginOnTheClasspathIsChosenByNameAndGetsItsSettings() {
        System.setProperty(PaymentPlugins.PROPERTY, "house-account:5000");
        try (Creditpool pool = Creditpool.builder().plans(List.of(Given.ENT)).build()) {
            pool.createTeam(new CreateTeamCommand(Given.ACME, "ent", 1, Given.OLIVIA, 1, null));

            Decision paid = pool.buyTopUp(new BuyTopUpCommand(Given.ACME, Given.OLIVIA, 2500, null));  // 5000 cents
            Decision over = pool.buyTopUp(new BuyTopUpCommand(Given.ACME, Given.OLIVIA, 2501, null));

            assertThat(pool.component(PaymentGateway.class)).isInstanceOf(HouseAccountPlugin.HouseAccount.class);
            assertThat(paid.accepted()).isTrue();
            assertThat(over.denial()).isEqualTo(DenialCode.PAYMENT_DECLINED);
            assertThat(over.reason()).contains("over_house_limit");
            assertThat(((HouseAccountPlugin.HouseAccount) pool.component(PaymentGateway.class)).keys()).hasSize(2);
        } finally {
            System.clearProperty(PaymentPlugins.PROPERTY);
        }
    }

    @Test
    void anUnknownPluginOrBadSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> PaymentPlugins.open("stripe-ish:x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("creditpool.payments / CREDITPOOL_PAYMENTS")
                .hasMessageContaining("no payment plugin named 'stripe-ish'")
                .hasMessageContaining("house-account").hasMessageContaining("sandbox");
        // the card-processor plugin is a module of its own, which this module's tests do not take
        assertThatThrownBy(() -> PaymentPlugins.open("http:http://127.0.0.1:1"))
                .hasMessageContaining("no payment plugin named 'http'")
                .hasMessageContaining("io.creditpool:creditpool-payments-http");
        assertThatThrownBy(() -> PaymentPlugins.open("house-account:lots"))
                .hasMessageContaining("payment plugin 'house-account'").hasMessageContaining("'lots'");
        assertThatThrownBy(() -> PaymentPlugins.open("sandbox:extra")).hasMessageContaining("takes no settings");
        System.setProperty(PaymentPlugins.PROPERTY, "nowhere");
        try {
            assertThatThrownBy(() -> Creditpool.builder().build()).hasMessageContaining("no payment plugin named "
                    + "'nowhere'");
        } finally {
            System.clearProperty(PaymentPlugins.PROPERTY);
        }
    }
}
