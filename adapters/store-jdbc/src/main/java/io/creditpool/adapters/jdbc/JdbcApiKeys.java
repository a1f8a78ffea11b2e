package io.creditpool.adapters.jdbc;

import io.creditpool.adapters.keys.ApiKeys;


import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The service's API keys in the store's database (table {@code creditpool_api_key}), beside the teams. */
public final class JdbcApiKeys implements ApiKeys {
    private final JdbcCreditStore store;

    public JdbcApiKeys(JdbcCreditStore store) {
        this.store = store;
    }

    private <T> T inTransaction(JdbcWork.Work<T> work) {
        return JdbcWork.inTransaction(store, "the API keys", work);
    }

    private <T> T read(JdbcWork.Work<T> work) {
        return JdbcWork.read(store, "the API keys", work);
    }

    @Override
    public Created create(String product, Scope scope) {
        Minted minted = ApiKeys.mint(product);
        return inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO creditpool_api_key "
                    + "(key_id, product, secret_hash, created_at, scope) VALUES (?, ?, ?, ?, ?)")) {
                s.setString(1, minted.id());
                s.setString(2, product);
                s.setString(3, minted.hash());
                store.dialect().setInstant(s, 4, Instant.now());
                s.setString(5, scope.word());
                s.executeUpdate();
            }
            return new Created(minted.id(), product, minted.key(), scope);
        });
    }

    @Override
    public List<Listed> list() {
        return read(c -> {
            List<Listed> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT key_id, product, created_at, revoked_at, "
                    + "scope FROM creditpool_api_key ORDER BY created_at, key_id");
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Listed(r.getString(1), r.getString(2), instant(r, 3), instant(r, 4),
                            Scope.of(r.getString(5))));
                }
            }
            return out;
        });
    }

    @Override
    public boolean revoke(String id) {
        return inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE creditpool_api_key SET revoked_at = ? "
                    + "WHERE key_id = ? AND revoked_at IS NULL")) {
                store.dialect().setInstant(s, 1, Instant.now());
                s.setString(2, id);
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<Holder> holder(String presentedKey) {
        Optional<String[]> parts = ApiKeys.parse(presentedKey);
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        return read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT product, secret_hash, scope FROM "
                    + "creditpool_api_key WHERE key_id = ? AND revoked_at IS NULL")) {
                s.setString(1, parts.get()[0]);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() && ApiKeys.matches(parts.get()[1], r.getString(2))
                            ? Optional.of(new Holder(r.getString(1), Scope.of(r.getString(3))))
                            : Optional.<Holder>empty();
                }
            }
        });
    }

    private Instant instant(ResultSet r, int column) throws SQLException {
        return store.dialect().instant(r, column);
    }
}
