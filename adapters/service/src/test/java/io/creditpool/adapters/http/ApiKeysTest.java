package io.creditpool.adapters.http;

import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.keys.InMemoryApiKeys;
import io.creditpool.adapters.jdbc.JdbcApiKeys;

import io.creditpool.adapters.jdbc.JdbcCreditStore;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.adapters.jdbc.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API keys, in memory and in the store's database: shown once, kept as hashes, revocable, one product each. */
class ApiKeysTest {
    private interface Check {
        void run(ApiKeys keys) throws Exception;
    }

    private static void withKeys(String kind, Check check) throws Exception {
        if (kind.equals("memory")) {
            check.run(new InMemoryApiKeys());
            return;
        }
        StoreSettings settings = TestDatabases.of(kind);
        try (JdbcCreditStore store = JdbcCreditStore.open(settings)) {
            check.run(new JdbcApiKeys(store));
            store.closeAndDiscard();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "sqlite", "h2", "postgres"})
    void aKeyOpensItsProductUntilItIsRevoked(String kind) throws Exception {
        withKeys(kind, keys -> {
            ApiKeys.Created shop = keys.create("shop");
            ApiKeys.Created studio = keys.create("studio");

            assertThat(shop.key()).startsWith("cp_" + shop.id() + "_");
            assertThat(keys.product(shop.key())).contains("shop");
            assertThat(keys.product(studio.key())).contains("studio");
            assertThat(keys.list()).extracting(ApiKeys.Listed::id).containsExactlyInAnyOrder(shop.id(), studio.id());
            assertThat(keys.list()).allSatisfy(k -> assertThat(k.live()).isTrue());

            assertThat(keys.revoke(shop.id())).isTrue();
            assertThat(keys.revoke(shop.id())).as("already revoked").isFalse();
            assertThat(keys.revoke("000000000000")).isFalse();
            assertThat(keys.product(shop.key())).isEmpty();
            assertThat(keys.product(studio.key())).contains("studio");
            assertThat(keys.list()).filteredOn(k -> k.id().equals(shop.id())).singleElement()
                    .satisfies(k -> assertThat(k.revokedAt()).isNotNull());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "sqlite", "h2", "postgres"})
    void keysThatAreNotExactlyAKeyOpenNothing(String kind) throws Exception {
        withKeys(kind, keys -> {
            String key = keys.create("shop").key();
            char last = key.charAt(key.length() - 1);
            String tampered = key.substring(0, key.length() - 1) + (last == 'A' ? 'B' : 'A');
            String otherId = "cp_ffffffffffff" + key.substring(key.lastIndexOf('_'));

            for (String wrong : new String[] {tampered, otherId, key + "x", key.substring(1), "", " " + key, null}) {
                assertThat(keys.product(wrong)).as("%s", wrong).isEmpty();
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "sqlite", "h2", "postgres"})
    void anOperatorKeyIsHeldByItsOperatorAndOpensNoProduct(String kind) throws Exception {
        withKeys(kind, keys -> {
            ApiKeys.Created ops = keys.create("ops", ApiKeys.Scope.OPERATOR);
            ApiKeys.Created shop = keys.create("shop");

            assertThat(ops.scope()).isEqualTo(ApiKeys.Scope.OPERATOR);
            assertThat(shop.scope()).isEqualTo(ApiKeys.Scope.PRODUCT);
            assertThat(keys.holder(ops.key())).contains(new ApiKeys.Holder("ops", ApiKeys.Scope.OPERATOR));
            assertThat(keys.holder(shop.key())).contains(new ApiKeys.Holder("shop", ApiKeys.Scope.PRODUCT));
            assertThat(keys.product(ops.key())).as("an operator key belongs to no product").isEmpty();
            assertThat(keys.list()).extracting(ApiKeys.Listed::id, ApiKeys.Listed::scope).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple(ops.id(), ApiKeys.Scope.OPERATOR),
                    org.assertj.core.groups.Tuple.tuple(shop.id(), ApiKeys.Scope.PRODUCT));

            assertThat(keys.revoke(ops.id())).isTrue();
            assertThat(keys.holder(ops.key())).isEmpty();
        });
    }

    @Test
    void keysMadeBeforeOperatorKeysExistedStayProductKeys() throws Exception {
        StoreSettings settings = TestDatabases.h2();
        // the schema as the previous Creditpool left it (up to the API keys), with one key in it
        Flyway.configure().dataSource(settings.jdbcUrl(), "", "")
                .locations("classpath:io/creditpool/adapters/jdbc/migration/common",
                        "classpath:io/creditpool/adapters/jdbc/migration/h2")
                .table("creditpool_schema_history").target("3").load().migrate();
        ApiKeys.Minted minted = ApiKeys.mint("shop");
        try (var c = TestDatabases.connect(settings); var s = c.prepareStatement("INSERT INTO creditpool_api_key "
                + "(key_id, product, secret_hash, created_at) VALUES (?, 'shop', ?, CURRENT_TIMESTAMP)")) {
            s.setString(1, minted.id());
            s.setString(2, minted.hash());
            s.executeUpdate();
        }

        try (JdbcCreditStore store = JdbcCreditStore.open(settings)) {
            JdbcApiKeys keys = new JdbcApiKeys(store);
            assertThat(keys.holder(minted.key())).contains(new ApiKeys.Holder("shop", ApiKeys.Scope.PRODUCT));
            assertThat(keys.product(minted.key())).contains("shop");
            assertThat(keys.list()).singleElement().satisfies(k -> assertThat(k.scope())
                    .isEqualTo(ApiKeys.Scope.PRODUCT));
            store.closeAndDiscard();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void theDatabaseKeepsOnlyTheSecretsHash(String kind) throws Exception {
        StoreSettings settings = TestDatabases.of(kind);
        try (JdbcCreditStore store = JdbcCreditStore.open(settings)) {
            ApiKeys.Created created = new JdbcApiKeys(store).create("shop");
            String secret = created.key().substring(created.key().lastIndexOf('_') + 1);
            List<String> row = new ArrayList<>();
            try (var c = TestDatabases.connect(settings); var s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT key_id, product, secret_hash FROM creditpool_api_key")) {
                while (r.next()) {
                    row.add(r.getString(1) + " " + r.getString(2) + " " + r.getString(3));
                }
            }
            assertThat(row).singleElement().satisfies(line -> {
                assertThat(line).doesNotContain(secret);
                assertThat(line).contains(ApiKeys.hash(secret));
            });
            store.closeAndDiscard();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Shop", "shop:eu", "", "a-very-long-product-name-that-goes-past-forty-chars"})
    void aProductNameMustBeLowerCaseWordsAndDashes(String product) {
        assertThatThrownBy(() -> new InMemoryApiKeys().create(product)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("product");
    }
}
