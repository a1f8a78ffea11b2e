package io.creditpool.adapters.keys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** API keys for a service on the in-memory store (tests, trying it out): gone when the process ends. */
public final class InMemoryApiKeys implements ApiKeys {
    private record Stored(String product, String hash, Instant createdAt, Instant revokedAt, Scope scope) {
    }

    private final Map<String, Stored> keys = new LinkedHashMap<>();

    @Override
    public synchronized Created create(String product, Scope scope) {
        Minted minted = ApiKeys.mint(product);
        keys.put(minted.id(), new Stored(product, minted.hash(), Instant.now(), null, scope));
        return new Created(minted.id(), product, minted.key(), scope);
    }

    @Override
    public synchronized List<Listed> list() {
        List<Listed> out = new ArrayList<>();
        keys.forEach((id, k) -> out.add(new Listed(id, k.product(), k.createdAt(), k.revokedAt(), k.scope())));
        return out;
    }

    @Override
    public synchronized boolean revoke(String id) {
        Stored k = keys.get(id);
        if (k == null || k.revokedAt() != null) {
            return false;
        }
        keys.put(id, new Stored(k.product(), k.hash(), k.createdAt(), Instant.now(), k.scope()));
        return true;
    }

    @Override
    public synchronized Optional<Holder> holder(String presentedKey) {
        return ApiKeys.parse(presentedKey).flatMap(parts -> {
            Stored k = keys.get(parts[0]);
            return k != null && k.revokedAt() == null && ApiKeys.matches(parts[1], k.hash())
                    ? Optional.of(new Holder(k.product(), k.scope())) : Optional.empty();
        });
    }
}
