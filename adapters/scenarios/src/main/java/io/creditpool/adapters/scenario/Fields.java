package io.creditpool.adapters.scenario;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads the keys of one mapping in a scenario, checking types, and at the end refuses any key it was not asked
 * for. Every error names where it is ({@code step 3 (consume)}) and the key.
 */
final class Fields {
    private final String where;
    private final JsonNode node;
    private final Set<String> read = new LinkedHashSet<>();

    private Fields(String where, JsonNode node) {
        this.where = where;
        this.node = node;
    }

    static Fields of(String where, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ScenarioException(where + ": expected a mapping of keys, found "
                    + (node == null ? "nothing" : describe(node)));
        }
        return new Fields(where, node);
    }

    String where() {
        return where;
    }

    boolean has(String key) {
        return node.has(key);
    }

    JsonNode node(String key) {
        read.add(key);
        return node.get(key);
    }

    String text(String key) {
        String value = optionalText(key);
        if (value == null) {
            throw missing(key);
        }
        return value;
    }

    String optionalText(String key) {
        JsonNode value = node(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode() || value.isBoolean()) {
            throw wrongType(key, "text", value);
        }
        return value.asText();
    }

    /**
     * A whole number. One too large for a long is kept as a BigInteger so that the command can be refused with
     * {@code invalid-input} when it runs, as a host product sending it would be.
     */
    BigInteger wholeNumber(String key) {
        JsonNode value = node(key);
        if (value == null || value.isNull()) {
            throw missing(key);
        }
        if (!value.isIntegralNumber()) {
            throw wrongType(key, "a whole number", value);
        }
        return value.bigIntegerValue();
    }

    /** A number that may have a fraction, exactly as written ({@code 1.5}); a price, not credits. */
    BigDecimal decimal(String key) {
        JsonNode value = node(key);
        if (value == null || value.isNull()) {
            throw missing(key);
        }
        if (!value.isNumber()) {
            throw wrongType(key, "a number such as 2 or 1.5", value);
        }
        return value.decimalValue();
    }

    int smallNumber(String key) {
        BigInteger value = wholeNumber(key);
        if (value.bitLength() > 31) {
            throw new ScenarioException(where + ": key '" + key + "': " + value + " is out of range");
        }
        return value.intValue();
    }

    boolean bool(String key) {
        JsonNode value = node(key);
        if (value == null || value.isNull()) {
            throw missing(key);
        }
        if (!value.isBoolean()) {
            throw wrongType(key, "true or false", value);
        }
        return value.booleanValue();
    }

    Fields mapping(String key) {
        JsonNode value = node(key);
        if (value == null) {
            throw missing(key);
        }
        return Fields.of(where + ": key '" + key + "'", value);
    }

    /** The keys of this mapping in file order, none of them counted as read. */
    Iterator<String> keys() {
        return node.fieldNames();
    }

    /** The keys of this mapping, all of them counted as read. */
    Iterator<Map.Entry<String, JsonNode>> entries() {
        node.fieldNames().forEachRemaining(read::add);
        return node.fields();
    }

    /** Refuses every key that was not read. */
    void done() {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!read.contains(name)) {
                throw new ScenarioException(where + ": unknown key '" + name + "'");
            }
        }
    }

    ScenarioException missing(String key) {
        List<String> found = new ArrayList<>();
        node.fieldNames().forEachRemaining(found::add);
        return new ScenarioException(where + ": key '" + key + "' is required" + (found.isEmpty() ? ""
                : " (found " + String.join(", ", found) + ")"));
    }

    ScenarioException wrongType(String key, String expected, JsonNode found) {
        return new ScenarioException(where + ": key '" + key + "' must be " + expected + ", found "
                + describe(found));
    }

    static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            return "'" + node.asText() + "'";
        }
        return node.toString();
    }
}
