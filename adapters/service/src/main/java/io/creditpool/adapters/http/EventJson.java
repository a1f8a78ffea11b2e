package io.creditpool.adapters.http;

import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.port.out.StoredEvent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event as the HTTP API shows it, in {@code GET /v1/events} and in webhook bodies alike: {@code id} (stable:
 * the same on every delivery of the event), {@code seq} (the same id as a number, for {@code after}), {@code type},
 * {@code team} as the product names it, {@code at}, and {@code data}, the fields of that type.
 */
final class EventJson {
    private EventJson() {
    }

    record Event(String id, long seq, String type, String team, Instant at, Map<String, Object> data) {
    }

    static Event of(StoredEvent stored) {
        CreditEvent event = stored.event();
        String full = event.team().value();
        String product = stored.product();
        String team = product.isEmpty() ? full : full.substring(product.length() + 1);
        return new Event(stored.publicId(), stored.id(), event.type(), team, event.at(), data(event, full, team));
    }

    private static Map<String, Object> data(CreditEvent event, String full, String team) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (event instanceof CreditEvent.TopUpSucceeded e) {
            purchase(data, e.source().word(), e.credits(), e.price());
        } else if (event instanceof CreditEvent.TopUpFailed e) {
            purchase(data, e.source().word(), e.credits(), e.price());
            data.put("owner", e.owner().value());
            data.put("reason", local(e.reason(), full, team));
        } else if (event instanceof CreditEvent.AutoTopUpPaused e) {
            data.put("owner", e.owner().value());
            data.put("declines", e.declines());
            data.put("last_reason", local(e.lastReason(), full, team));
        } else if (event instanceof CreditEvent.LowBalance e) {
            data.put("owner", e.owner().value());
            data.put("balance", e.balance());
            data.put("level", e.level());
        } else if (event instanceof CreditEvent.TopUpPending e) {
            data.put("purchase", local(e.key(), full, team));
            purchase(data, e.source().word(), e.credits(), e.price());
            data.put("reason", local(e.reason(), full, team));
        } else if (event instanceof CreditEvent.TopUpRecovered e) {
            data.put("purchase", local(e.key(), full, team));
            purchase(data, e.source().word(), e.credits(), e.price());
            data.put("granted", e.granted());
            data.put("attempts", e.attempts());
        } else if (event instanceof CreditEvent.LimitAlert e) {
            data.put("member", e.member().value());
            data.put("percent", e.percent());
            data.put("used", e.used());
            data.put("limit", e.limit());
            data.put("own_limit", e.ownLimit());
        } else if (event instanceof CreditEvent.GroupCapAlert e) {
            data.put("group", e.group().value());
            data.put("member", e.member().value());
            data.put("percent", e.percent());
            data.put("used", e.used());
            data.put("cap", e.cap());
        } else if (event instanceof CreditEvent.PoolLow e) {
            data.put("owner", e.owner().value());
            data.put("percent", e.percent());
            data.put("balance", e.balance());
            data.put("level", e.level());
        } else if (event instanceof CreditEvent.Notice e) {
            data.put("member", e.member().value());
            data.put("code", e.code());
            data.put("message", local(e.message(), full, team));
        }
        return data;
    }

    private static void purchase(Map<String, Object> data, String source, long credits,
            io.creditpool.kernel.domain.Money price) {
        data.put("source", source);
        data.put("credits", credits);
        data.put("price", price.minorUnits());
        data.put("currency", price.currency());
    }

    private static String local(String text, String full, String team) {
        return text == null ? null : text.replace(full, team);
    }
}
