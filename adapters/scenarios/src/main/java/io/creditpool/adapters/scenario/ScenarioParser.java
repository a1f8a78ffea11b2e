package io.creditpool.adapters.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.creditpool.adapters.clock.ClockStep;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.domain.UnitPrice;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the scenario format (see the README); anything it does not know is an error naming step and key. */
public final class ScenarioParser {
    /** The keys a state check may hold. */
    public static final List<String> FIGURES = List.of("balance", "plan-credits", "top-up-credits",
            "seats-available", "top-ups", "charges", "paid", "held");
    /** What a state check's {@code auto-top-up} may say. */
    public static final List<String> AUTO_TOP_UP_STATES = List.of("off", "on", "paused");
    /** The events a state check's {@code events} may list, in the words of the scenario format. */
    public static final List<String> EVENTS = CreditEvent.TYPES;
    /** The sandbox processor's behaviours, by the word a {@code payments} step gives. */
    public static final Map<String, SandboxPaymentGateway.Behaviour> PAYMENTS = payments();
    /** The commands a step may hold. */
    public static final List<String> COMMANDS = List.of("invite", "remove", "role", "set-limit", "own-limit",
            "set-own-limit", "group", "create-group", "set-group-cap", "join-group", "leave-group", "delete-group",
            "consume", "reserve", "settle", "release", "top-up", "auto-top-up", "payments", "advance");
    /** What a {@code group} step does: exactly one of these keys names it. */
    public static final List<String> GROUP_VERBS = List.of("create", "change", "delete", "move");
    /** What may bind what a member can spend, as a check's {@code spendable} names it. */
    public static final List<String> BOUNDS = java.util.Arrays.stream(io.creditpool.kernel.domain.Spendable.Bound
            .values()).map(io.creditpool.kernel.domain.Spendable.Bound::word).toList();

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private ScenarioParser() {
    }

    private static Map<String, SandboxPaymentGateway.Behaviour> payments() {
        Map<String, SandboxPaymentGateway.Behaviour> words = new LinkedHashMap<>();
        for (SandboxPaymentGateway.Behaviour b : SandboxPaymentGateway.Behaviour.values()) {
            words.put(b.name().toLowerCase(Locale.ROOT).replace('_', '-'), b);
        }
        return Collections.unmodifiableMap(words);
    }

    public static Scenario parse(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot be read: " + e.getMessage(), e);
        }
        return parse(file, text);
    }

    public static Scenario parse(Path file, String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ScenarioException(file + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
        Fields top = Fields.of(file.toString(), root);
        String name = top.text("name");
        Instant start = instant(top, "start", top.text("start"));
        List<Plan> plans = plans(top);
        Scenario.TeamSpec team = team(top.mapping("team"));
        JsonNode stepsNode = top.node("steps");
        top.done();
        if (stepsNode == null || !stepsNode.isArray()) {
            throw new ScenarioException(file + ": key 'steps' must be a list of steps");
        }
        Set<String> members = new HashSet<>();
        members.add(team.owner());
        stepsNode.forEach(s -> {
            JsonNode invite = s.get("invite");
            if (invite != null && invite.has("member")) {
                members.add(invite.get("member").asText());
            }
        });
        List<Map<String, Integer>> lines = keyLines(yaml);
        List<Step> steps = new ArrayList<>();
        int number = 0;
        for (JsonNode node : stepsNode) {
            number++;
            steps.add(step(file + ": step " + number, number, node, members,
                    number <= lines.size() ? lines.get(number - 1) : Map.of()));
        }
        return new Scenario(file, name, start, plans, team, steps);
    }

    private static List<Plan> plans(Fields top) {
        JsonNode node = top.node("plans");
        List<Plan> plans = new ArrayList<>();
        if (node == null) {
            return plans;
        }
        if (!node.isArray()) {
            throw top.wrongType("plans", "a list of plans", node);
        }
        int i = 0;
        for (JsonNode p : node) {
            i++;
            Fields f = Fields.of(top.where() + ": plan " + i, p);
            try {
                String name = f.text("name");
                Tier tier = Tier.parse("tier", f.text("tier"));
                long perSeat = f.wholeNumber("monthly-credits-per-seat").longValueExact();
                String currency = f.has("currency") ? f.text("currency") : "USD";
                UnitPrice price;
                if (f.has("price-per-block") || f.has("credits-per-block")) {
                    if (f.has("price-per-credit")) {
                        throw new ScenarioException(f.where() + ": key 'price-per-credit': give a price per credit "
                                + "or a price per block (price-per-block and credits-per-block), not both");
                    }
                    price = UnitPrice.perBlock(f.decimal("price-per-block"),
                            f.wholeNumber("credits-per-block").longValueExact(), currency);
                } else {
                    price = UnitPrice.perCredit(f.decimal("price-per-credit"), currency);
                }
                plans.add(new Plan(name, tier, perSeat, price));
            } catch (InvalidInputException e) {
                throw new ScenarioException(f.where() + ": key '" + e.field() + "': " + e.reason());
            } catch (ArithmeticException e) {
                throw new ScenarioException(f.where() + ": a number is out of range");
            }
            f.done();
        }
        return plans;
    }

    private static Scenario.TeamSpec team(Fields f) {
        Scenario.TeamSpec spec = new Scenario.TeamSpec(f.text("id"), f.text("plan"), f.smallNumber("seats"),
                f.text("owner"), f.has("billing-anchor-day") ? f.smallNumber("billing-anchor-day") : null);
        f.done();
        return spec;
    }

    /** Keys a step may hold besides its command. */
    private static final List<String> STEP_KEYS = List.of("expect", "because", "id", "charged");

    /**
     * The line of each key of each step, by step ({@code charged}, and {@code expect.charged} for a key of the
     * step's {@code expect}), for errors that name the line; empty where the text cannot be walked.
     */
    private static List<Map<String, Integer>> keyLines(String yaml) {
        List<Map<String, Integer>> lines = new ArrayList<>();
        try (JsonParser p = YAML.getFactory().createParser(yaml)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return lines;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                if (!key.equals("steps") || value != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    Map<String, Integer> step = new LinkedHashMap<>();
                    lines.add(step);
                    if (p.currentToken() != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        continue;
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        step.put(name, p.currentTokenLocation().getLineNr());
                        if (p.nextToken() == JsonToken.START_OBJECT && name.equals("expect")) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                step.put("expect." + p.currentName(), p.currentTokenLocation().getLineNr());
                                p.nextToken();
                                p.skipChildren();
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return lines; // the tree was read already; only the lines are not known
        }
        return lines;
    }

    /**
     * What a step says was charged, in minor units: a whole number, 0 or more; anything else is an error naming the
     * step, the line and the key.
     */
    private static Long charged(String at, JsonNode node, Integer line) {
        String place = at + (line == null ? "" : ", line " + line) + ": key 'charged'";
        if (node == null || !node.isIntegralNumber()) {
            throw new ScenarioException(place + " must be a whole number of minor units (cents) of the plan's "
                    + "currency, such as 1500 for 15.00 USD; found " + (node == null ? "nothing"
                    : node.isFloatingPointNumber() ? "a number with a point (write cents: 1500, not 15.00)"
                    : Fields.describe(node)));
        }
        BigInteger value = node.bigIntegerValue();
        if (value.signum() < 0 || value.bitLength() > 63) {
            throw new ScenarioException(place + ": " + value + " is out of range (0 or more minor units)");
        }
        return value.longValue();
    }

    /**
     * A step without a command whose other key is no step key is a misspelt command ({@code consme:}): named as the
     * unknown step it is, with the nearest command, rather than as a problem with its {@code expect}.
     */
    private static void unknownCommand(String where, JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            if (!STEP_KEYS.contains(key)) {
                String nearest = Nearest.of(key, COMMANDS);
                throw new ScenarioException(where + ": unknown step '" + key + "'"
                        + (nearest == null ? "." : "; did you mean '" + nearest + "'?") + " A step holds one of "
                        + COMMANDS + " or only 'expect'");
            }
        }
    }

    private static Step step(String where, int number, JsonNode node, Set<String> members,
            Map<String, Integer> lines) {
        Fields f = Fields.of(where, node);
        List<String> commands = new ArrayList<>();
        node.fieldNames().forEachRemaining(k -> {
            if (COMMANDS.contains(k)) {
                commands.add(k);
            }
        });
        if (commands.size() > 1) {
            throw new ScenarioException(where + ": one command per step, found " + commands);
        }
        if (commands.isEmpty()) {
            unknownCommand(where, node);
            if (!f.has("expect")) {
                List<String> keys = new ArrayList<>();
                node.fieldNames().forEachRemaining(keys::add);
                throw new ScenarioException(where + ": " + (keys.isEmpty() ? "empty step"
                        : "unknown key '" + keys.get(0) + "'") + "; a step holds one of " + COMMANDS
                        + " or only 'expect'");
            }
            if (f.has("charged")) {
                throw new ScenarioException(where + ", line " + lines.get("charged") + ": key 'charged' goes on a "
                        + "command's step (a top-up) or inside 'expect' ({charged: 1500}), not beside it");
            }
            Step.StateCheck check = stateCheck(Fields.of(where + " (expect): key 'expect'", f.node("expect")),
                    members, lines.get("expect.charged"));
            f.done();
            return new Step(number, "expect", "check " + describe(check), w -> null, null, List.of(), check);
        }
        String kind = commands.get(0);
        String at = where + " (" + kind + ")";
        String stepId = f.optionalText("id");
        Step.Outcome expected = f.has("expect") ? outcome(at, f.node("expect")) : null;
        List<String> because = because(at, f.node("because"));
        Long charged = f.has("charged") ? charged(at, f.node("charged"), lines.get("charged")) : null;
        JsonNode body = f.node(kind);
        f.done();
        Command command = command(at, kind, body, stepId);
        if ((kind.equals("payments") || kind.equals("advance")) && (expected != null || !because.isEmpty()
                || stepId != null || charged != null)) {
            throw new ScenarioException(at + ": '" + kind + "' is not a command that is decided; it takes no "
                    + "'expect', 'because', 'id' or 'charged'");
        }
        return new Step(number, kind, command.description + (charged == null ? "" : ", charging " + charged),
                command.action, expected, because, null, charged);
    }

    private record Command(String description, Step.Action action) {
    }

    private static Command command(String at, String kind, JsonNode body, String stepId) {
        switch (kind) {
            case "payments" -> {
                String word = scalar(at, kind, body);
                SandboxPaymentGateway.Behaviour behaviour = PAYMENTS.get(word);
                if (behaviour == null) {
                    throw new ScenarioException(at + ": key 'payments' must be one of "
                            + String.join(", ", PAYMENTS.keySet()) + ", found '" + word + "'");
                }
                return new Command("payments " + word, w -> {
                    w.payments(behaviour);
                    return null;
                });
            }
            case "advance" -> {
                String to = scalar(at, kind, body);
                if (to.startsWith("P")) {
                    ClockStep step = duration(at, to);
                    return new Command("advance " + to, w -> {
                        w.advanceTo(step.from(w.now()));
                        return null;
                    });
                }
                Instant instant = instant(Fields.of(at, YAML.createObjectNode()), "advance", to);
                return new Command("advance to " + to, w -> {
                    w.advanceTo(instant);
                    return null;
                });
            }
            default -> {
                return decided(at, kind, Fields.of(at + ": key '" + kind + "'", body), stepId);
            }
        }
    }

    private static Command decided(String at, String kind, Fields f, String stepId) {
        String innerId = f.optionalText("id");
        if (innerId != null && stepId != null) {
            throw new ScenarioException(at + ": key 'id' is given twice, in the step and in '" + kind + "'");
        }
        String id = innerId != null ? innerId : stepId;
        String tag = id == null ? "" : " [" + id + "]";
        Command command = switch (kind) {
            case "invite" -> {
                String by = f.text("by");
                String member = f.text("member");
                String role = f.has("role") ? f.text("role") : "member";
                yield new Command("invite " + member + " as " + role + " by " + by + tag,
                        w -> w.invite(by, member, role, id));
            }
            case "remove" -> {
                String by = f.text("by");
                String member = f.text("member");
                yield new Command("remove " + member + " by " + by + tag,
                        w -> w.remove(by, member, id));
            }
            case "role" -> {
                String by = f.text("by");
                String member = f.text("member");
                String role = f.text("role");
                yield new Command("make " + member + " " + role + " by " + by + tag,
                        w -> w.changeRole(by, member, role, id));
            }
            case "set-limit" -> {
                String by = f.text("by");
                String member = f.text("member");
                JsonNode limitNode = f.node("limit");
                if (limitNode == null) {
                    throw f.missing("limit");
                }
                Limit limit = limit(f, limitNode);
                yield new Command("limit " + member + " to " + limit.text + " a month by " + by + tag,
                        w -> w.setLimit(by, member, limit.credits(), id));
            }
            case "own-limit", "set-own-limit" -> {
                String member = f.text("member");
                JsonNode limitNode = f.node("limit");
                if (limitNode == null) {
                    throw f.missing("limit");
                }
                Limit limit = limit(f, limitNode);
                yield new Command(member + " sets their own limit to " + limit.text + " a month" + tag,
                        w -> w.setOwnLimit(member, limit.credits(), id));
            }
            case "group" -> group(f, tag, id);
            case "create-group" -> {
                String by = f.text("by");
                String group = f.text("group");
                String name = f.optionalText("name");
                Step.Cap cap = f.has("cap") ? cap(f) : null;
                yield new Command(by + " makes group " + group + (name == null ? "" : " (" + name + ")")
                        + (cap == null ? "" : ", capped at " + cap + " a month") + tag,
                        w -> w.createGroup(by, group, name, cap, id));
            }
            case "set-group-cap" -> {
                String by = f.text("by");
                String group = f.text("group");
                if (!f.has("cap")) {
                    throw f.missing("cap");
                }
                Step.Cap cap = cap(f);
                yield new Command(by + " caps group " + group + " at " + cap + " a month" + tag,
                        w -> w.changeGroup(by, group, null, cap, id));
            }
            case "join-group" -> {
                String by = f.text("by");
                String member = f.text("member");
                JsonNode to = f.node("group");
                if (to == null) {
                    throw f.missing("group");
                }
                if (!to.isTextual() || to.asText().equals(io.creditpool.kernel.domain.GroupId.NONE)) {
                    throw f.wrongType("group", "one group's id (a member belongs to at most one group; "
                            + "leave-group takes her out of hers)", to);
                }
                String group = to.asText();
                yield new Command(by + " moves " + member + " into group " + group + tag,
                        w -> w.moveMember(by, member, group, id));
            }
            case "leave-group" -> {
                String by = f.text("by");
                String member = f.text("member");
                yield new Command(by + " takes " + member + " out of her group" + tag,
                        w -> w.moveMember(by, member, null, id));
            }
            case "delete-group" -> {
                String by = f.text("by");
                String group = f.text("group");
                yield new Command(by + " deletes group " + group + tag, w -> w.deleteGroup(by, group, id));
            }
            case "consume" -> {
                String member = f.text("member");
                BigInteger amount = f.wholeNumber("amount");
                yield new Command(member + " consumes " + amount + tag,
                        w -> w.consume(member, amount, id));
            }
            case "reserve" -> {
                String member = f.text("member");
                BigInteger amount = f.wholeNumber("amount");
                String holdText = f.optionalText("hold-for");
                Duration holdFor = holdText == null ? null : hold(f, holdText);
                if (id == null) {
                    // the request id names the reservation: without it, nothing could settle it
                    throw new ScenarioException(at + ": key 'id' is required for 'reserve': it names the reservation");
                }
                yield new Command(member + " reserves " + amount + (holdText == null ? "" : " for " + holdText) + tag,
                        w -> w.reserve(member, amount, holdFor, id));
            }
            case "settle" -> {
                String member = f.text("member");
                String reservation = f.text("reservation");
                BigInteger amount = f.wholeNumber("amount");
                yield new Command(member + " settles " + reservation + " at " + amount + tag,
                        w -> w.settle(member, reservation, amount, id));
            }
            case "release" -> {
                String member = f.text("member");
                String reservation = f.text("reservation");
                yield new Command(member + " releases " + reservation + tag,
                        w -> w.release(member, reservation, id));
            }
            case "top-up" -> {
                String by = f.text("by");
                BigInteger amount = f.wholeNumber("amount");
                yield new Command(by + " buys a top-up of " + amount + tag,
                        w -> w.buyTopUp(by, amount, id));
            }
            case "auto-top-up" -> {
                String by = f.text("by");
                boolean enabled = f.bool("enabled");
                BigInteger threshold = f.has("threshold") || enabled ? f.wholeNumber("threshold") : BigInteger.ZERO;
                BigInteger amount = f.has("amount") || enabled ? f.wholeNumber("amount") : BigInteger.ZERO;
                BigInteger cap = f.has("monthly-cap") ? f.wholeNumber("monthly-cap") : null;
                yield new Command((enabled ? "auto top-up " + amount + " below " + threshold
                        + (cap == null ? "" : ", at most " + cap + " a month") : "auto top-up off") + " by " + by + tag,
                        w -> w.configureAutoTopUp(by, enabled, threshold, amount, cap, id));
            }
            default -> throw new IllegalStateException(kind);
        };
        f.done();
        return command;
    }

    /**
     * A {@code group} step: {@code create: ID} (with {@code name} and {@code cap}, both optional), {@code change: ID}
     * (a new {@code name}, a new {@code cap}, or both), {@code delete: ID}, or {@code move: MEMBER} with {@code to: ID}
     * ({@code none}: into no group); always with {@code by}.
     */
    private static Command group(Fields f, String tag, String id) {
        String by = f.text("by");
        List<String> verbs = GROUP_VERBS.stream().filter(f::has).toList();
        if (verbs.size() != 1) {
            throw new ScenarioException(f.where() + ": a group step holds exactly one of " + GROUP_VERBS
                    + (verbs.isEmpty() ? "" : ", found " + verbs));
        }
        String verb = verbs.get(0);
        String subject = f.text(verb);
        return switch (verb) {
            case "create" -> {
                String name = f.optionalText("name");
                Step.Cap cap = f.has("cap") ? cap(f) : null;
                yield new Command(by + " makes group " + subject + (name == null ? "" : " (" + name + ")")
                        + (cap == null ? "" : ", capped at " + cap + " a month") + tag,
                        w -> w.createGroup(by, subject, name, cap, id));
            }
            case "change" -> {
                String name = f.optionalText("name");
                Step.Cap cap = f.has("cap") ? cap(f) : null;
                if (name == null && cap == null) {
                    throw new ScenarioException(f.where() + ": changing group " + subject + " needs a new 'name', "
                            + "a new 'cap', or both");
                }
                yield new Command(by + " changes group " + subject + (name == null ? "" : ": named " + name)
                        + (cap == null ? "" : (name == null ? ": " : ", ") + "capped at " + cap + " a month") + tag,
                        w -> w.changeGroup(by, subject, name, cap, id));
            }
            case "delete" -> new Command(by + " deletes group " + subject + tag, w -> w.deleteGroup(by, subject, id));
            case "move" -> {
                JsonNode to = f.node("to");
                if (to == null) {
                    throw f.missing("to");
                }
                if (!to.isTextual()) {
                    throw f.wrongType("to", "one group's id, or none (a member belongs to at most one group)", to);
                }
                String group = to.asText().equals(io.creditpool.kernel.domain.GroupId.NONE) ? null : to.asText();
                yield new Command(by + " moves " + subject + " into " + (group == null ? "no group" : "group " + group)
                        + tag, w -> w.moveMember(by, subject, group, id));
            }
            default -> throw new IllegalStateException(verb);
        };
    }

    private static Step.Cap cap(Fields f) {
        JsonNode node = f.node("cap");
        if (node.isTextual() && node.asText().equals("unlimited")) {
            return new Step.Cap(null);
        }
        if (node.isIntegralNumber()) {
            return new Step.Cap(node.bigIntegerValue());
        }
        throw f.wrongType("cap", "a whole number or unlimited", node);
    }

    /** How long a reservation holds its credits: a duration like PT10M; one out of bounds is refused as it runs. */
    private static Duration hold(Fields f, String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new ScenarioException(f.where() + ": key 'hold-for': '" + text
                    + "' is not a duration like PT10M, PT1H or PT90S");
        }
    }

    /** A limit as written, and its credits (null: unlimited). */
    private record Limit(String text, BigInteger credits) {
    }

    private static Limit limit(Fields f, JsonNode node) {
        if (node.isTextual() && node.asText().equals("unlimited")) {
            return new Limit("unlimited", null);
        }
        if (node.isIntegralNumber()) {
            return new Limit(node.asText(), node.bigIntegerValue());
        }
        throw f.wrongType("limit", "a whole number or unlimited", node);
    }

    /** A number a command carries; one beyond a long is refused as the command runs, like any bad amount. */
    static long credits(String field, BigInteger value) {
        if (value.bitLength() > 63) {
            throw new InvalidInputException(field, value + " is too large");
        }
        return value.longValue();
    }

    private static Step.Outcome outcome(String at, JsonNode node) {
        if (node.isTextual()) {
            return switch (node.asText()) {
                case "accepted" -> new Step.Outcome(true, null);
                case "denied" -> new Step.Outcome(false, null);
                default -> throw new ScenarioException(at + ": key 'expect' must be accepted, denied or "
                        + "{denied: CODE}, found '" + node.asText() + "'");
            };
        }
        Fields f = Fields.of(at + ": key 'expect'", node);
        String code = f.text("denied");
        f.done();
        // a code of Creditpool's, or of the rule set's own denials table (which the scenario does not know yet)
        if (DenialCode.fromCode(code) == null && !code.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new ScenarioException(at + ": key 'denied': '" + code + "' is not a denial code; the codes are "
                    + Arrays.stream(DenialCode.values()).filter(c -> c != DenialCode.RULE_DENIAL)
                            .map(DenialCode::code).collect(Collectors.joining(", "))
                    + ", and those of the rule set's denials.csv (lower-case words joined by '-')");
        }
        return new Step.Outcome(false, code);
    }

    private static List<String> because(String at, JsonNode node) {
        if (node == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        if (node.isTextual()) {
            names.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(n -> {
                if (!n.isTextual()) {
                    throw new ScenarioException(at + ": key 'because' must list rule names");
                }
                names.add(n.asText());
            });
        } else {
            throw new ScenarioException(at + ": key 'because' must be a rule name or a list of them");
        }
        return names;
    }

    private static Step.StateCheck stateCheck(Fields f, Set<String> members, Integer chargedLine) {
        Map<String, Long> figures = new LinkedHashMap<>();
        Iterator<String> keys = f.keys();
        while (keys.hasNext()) {
            String key = keys.next();
            if (FIGURES.contains(key)) {
                figures.put(key, number(f, key));
            }
        }
        Map<String, Long> usage = new LinkedHashMap<>();
        if (f.has("usage")) {
            Fields u = f.mapping("usage");
            Iterator<Map.Entry<String, JsonNode>> it = u.entries();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!members.contains(e.getKey())) {
                    throw new ScenarioException(f.where() + ": key 'usage': unknown member '" + e.getKey()
                            + "' (not the owner and never invited)");
                }
                usage.put(e.getKey(), number(u, e.getKey()));
            }
        }
        String autoTopUp = null;
        if (f.has("auto-top-up")) {
            JsonNode node = f.node("auto-top-up");
            if (node.isBoolean()) {
                // YAML 1.1 readers may take a bare on or off for true or false
                node = YAML.getNodeFactory().textNode(node.booleanValue() ? "on" : "off");
            }
            if (!node.isTextual() || !AUTO_TOP_UP_STATES.contains(node.asText())) {
                throw new ScenarioException(f.where() + ": key 'auto-top-up' must be one of "
                        + String.join(", ", AUTO_TOP_UP_STATES) + ", found " + Fields.describe(node));
            }
            autoTopUp = node.asText();
        }
        Step.Members more = memberChecks(f, members);
        List<String> events = f.has("events") ? events(f) : null;
        Long charged = f.has("charged") ? charged(f.where().replaceFirst(": key 'expect'$", ""), f.node("charged"),
                chargedLine) : null;
        try {
            f.done();
        } catch (ScenarioException e) {
            throw new ScenarioException(e.getMessage() + "; a check may hold " + FIGURES
                    + ", usage, auto-top-up, events, charged, groups, group-usage, spendable, limits, own-limits and group-of");
        }
        return new Step.StateCheck(figures, usage, autoTopUp, events, charged, more);
    }

    /** Refuses a check's key that is not a group's id, naming where it is. */
    private static void groupId(Fields f, String key) {
        try {
            io.creditpool.kernel.domain.GroupId.of(key);
        } catch (InvalidInputException bad) {
            throw new ScenarioException(f.where() + ": '" + key + "': " + bad.reason());
        }
    }

    /** The checks of groups, members' limits and what they can spend. */
    private static Step.Members memberChecks(Fields f, Set<String> members) {
        Map<String, Step.GroupCheck> groups = new LinkedHashMap<>();
        if (f.has("groups")) {
            Fields g = f.mapping("groups");
            Iterator<Map.Entry<String, JsonNode>> it = g.entries();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                groupId(g, e.getKey());
                if (e.getValue().isTextual() && e.getValue().asText().equals("none")) {
                    groups.put(e.getKey(), Step.GroupCheck.ABSENT);
                    continue;
                }
                Fields one = Fields.of(g.where() + ": group '" + e.getKey() + "'", e.getValue());
                Long usage = one.has("usage") ? number(one, "usage") : null;
                String cap = one.has("cap") ? numberOrUnlimited(one, "cap") : null;
                String left = one.has("left") ? numberOrUnlimited(one, "left") : null;
                String name = one.optionalText("name");
                Integer count = one.has("members") ? one.smallNumber("members") : null;
                one.done();
                groups.put(e.getKey(), new Step.GroupCheck(true, usage, cap, left, name, count));
            }
        }
        if (f.has("group-usage")) {
            // group-usage: {design: 300} checks a group's usage alone, as groups: {design: {usage: 300}} does
            Fields g = f.mapping("group-usage");
            Iterator<Map.Entry<String, JsonNode>> it = g.entries();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                groupId(g, e.getKey());
                long usage = number(g, e.getKey());
                Step.GroupCheck known = groups.get(e.getKey());
                if (known != null && !known.exists()) {
                    throw new ScenarioException(g.where() + ": group '" + e.getKey() + "' is checked as none in "
                            + "'groups' and for its usage here");
                }
                groups.put(e.getKey(), known == null ? new Step.GroupCheck(true, usage, null, null, null, null)
                        : new Step.GroupCheck(true, usage, known.cap(), known.left(), known.name(), known.members()));
            }
        }
        Map<String, Step.SpendableCheck> spendable = new LinkedHashMap<>();
        if (f.has("spendable")) {
            Fields s = f.mapping("spendable");
            Iterator<Map.Entry<String, JsonNode>> it = s.entries();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                knownMember(s, "spendable", e.getKey(), members);
                if (e.getValue().isIntegralNumber()) {
                    spendable.put(e.getKey(), new Step.SpendableCheck(number(s, e.getKey()), null));
                    continue;
                }
                Fields one = Fields.of(s.where() + ": member '" + e.getKey() + "'", e.getValue());
                long credits = number(one, "credits");
                String by = one.optionalText("by");
                if (by != null && !BOUNDS.contains(by)) {
                    throw new ScenarioException(one.where() + ": key 'by' must be one of " + String.join(", ", BOUNDS)
                            + ", found '" + by + "'");
                }
                one.done();
                spendable.put(e.getKey(), new Step.SpendableCheck(credits, by));
            }
        }
        return new Step.Members(groups, spendable, memberWords(f, "limits", members, true),
                memberWords(f, "own-limits", members, true), memberWords(f, "group-of", members, false));
    }

    /** A mapping from members to a limit (a number or unlimited) or to a group's id (or none). */
    private static Map<String, String> memberWords(Fields f, String key, Set<String> members, boolean limits) {
        Map<String, String> words = new LinkedHashMap<>();
        if (!f.has(key)) {
            return words;
        }
        Fields m = f.mapping(key);
        Iterator<Map.Entry<String, JsonNode>> it = m.entries();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            knownMember(m, key, e.getKey(), members);
            if (limits) {
                words.put(e.getKey(), numberOrUnlimited(m, e.getKey()));
            } else {
                words.put(e.getKey(), m.text(e.getKey()));
            }
        }
        return words;
    }

    private static void knownMember(Fields f, String key, String member, Set<String> members) {
        if (!members.contains(member)) {
            throw new ScenarioException(f.where() + ": key '" + key + "': unknown member '" + member
                    + "' (not the owner and never invited)");
        }
    }

    private static String numberOrUnlimited(Fields f, String key) {
        JsonNode node = f.node(key);
        if (node.isTextual() && node.asText().equals("unlimited")) {
            return "unlimited";
        }
        return Long.toString(number(f, key));
    }

    /** The events published since the previous check of events, as words in order; an empty list: none. */
    private static List<String> events(Fields f) {
        JsonNode node = f.node("events");
        if (!node.isArray()) {
            throw f.wrongType("events", "a list of events like [top-up-succeeded, low-balance] (or [] for none)",
                    node);
        }
        List<String> words = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual() || !EVENTS.contains(n.asText())) {
                throw new ScenarioException(f.where() + ": key 'events': " + Fields.describe(n)
                        + " is not an event; the events are " + String.join(", ", EVENTS));
            }
            words.add(n.asText());
        }
        return words;
    }

    private static long number(Fields f, String key) {
        BigInteger value = f.wholeNumber(key);
        if (value.bitLength() > 63) {
            throw new ScenarioException(f.where() + ": key '" + key + "': " + value + " is out of range");
        }
        return value.longValue();
    }

    private static String describe(Step.StateCheck check) {
        List<String> parts = new ArrayList<>();
        check.figures().forEach((k, v) -> parts.add(k + " " + v));
        check.usage().forEach((k, v) -> parts.add("usage of " + k + " " + v));
        if (check.autoTopUp() != null) {
            parts.add("auto top-up " + check.autoTopUp());
        }
        if (check.events() != null) {
            parts.add(check.events().isEmpty() ? "no events" : "events " + String.join(", ", check.events()));
        }
        if (check.charged() != null) {
            parts.add("charged " + check.charged());
        }
        Step.Members m = check.members();
        m.groups().forEach((g, c) -> parts.add(!c.exists() ? "no group " + g : "group " + g
                + (c.usage() == null ? "" : " used " + c.usage())
                + (c.cap() == null ? "" : " cap " + c.cap())
                + (c.left() == null ? "" : " left " + c.left())
                + (c.name() == null ? "" : " named " + c.name())
                + (c.members() == null ? "" : " with " + c.members() + " members")));
        m.spendable().forEach((k, v) -> parts.add(k + " can spend " + v.credits() + (v.by() == null ? ""
                : " (" + v.by() + ")")));
        m.limits().forEach((k, v) -> parts.add("limit of " + k + " " + v));
        m.ownLimits().forEach((k, v) -> parts.add("own limit of " + k + " " + v));
        m.groupOf().forEach((k, v) -> parts.add(k + " in " + (v.equals("none") ? "no group" : "group " + v)));
        return String.join(", ", parts);
    }

    private static String scalar(String at, String key, JsonNode node) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            throw new ScenarioException(at + ": key '" + key + "' must be a single value, found "
                    + (node == null ? "nothing" : Fields.describe(node)));
        }
        return node.asText();
    }

    private static Instant instant(Fields f, String key, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ScenarioException(f.where() + ": key '" + key + "': '" + text
                    + "' is not an instant like 2026-01-01T00:00:00Z");
        }
    }

    /** A move of the clock: months and days on the UTC calendar, then hours, minutes and seconds. */
    private static ClockStep duration(String at, String text) {
        try {
            return ClockStep.parse(text);
        } catch (DateTimeParseException e) {
            throw new ScenarioException(at + ": key 'advance': '" + text
                    + "' is neither an instant (2026-02-01T00:00:00Z) nor a duration (P1M, P3D, PT6H)");
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(at + ": key 'advance': the clock only moves forward, found '" + text + "'");
        }
    }
}
