package io.creditpool.adapters.http;

import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.InvalidInputException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The service's error answers, as {@code application/problem+json} (RFC 9457): {@code type}, {@code title},
 * {@code status}, {@code detail} and {@code code} always; {@code field} when one field is wrong; {@code rules} and
 * {@code balance} when the kernel decided; {@code hint} when the answer is not final.
 */
final class Problems {
    static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://creditpool.io/problems/";

    /** Codes of answers the kernel does not give: the HTTP layer's own. */
    static final String UNAUTHORIZED = "unauthorized";
    static final String NOT_FOUND = "not-found";
    static final String METHOD_NOT_ALLOWED = "method-not-allowed";
    static final String BODY_TOO_LARGE = "body-too-large";
    static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";
    static final String STORE_UNAVAILABLE = "store-unavailable";
    static final String NOT_READY = "not-ready";
    static final String INTERNAL_ERROR = "internal-error";
    /** A product key on an {@code /admin} endpoint: 403. */
    static final String OPERATOR_KEY_REQUIRED = "operator-key-required";
    /** An operator key on a product endpoint ({@code /v1}): 403. */
    static final String PRODUCT_KEY_REQUIRED = "product-key-required";
    /** Too many requests without a valid API key from one address within a minute: 429. */
    static final String TOO_MANY_FAILED_KEYS = "too-many-failed-keys";
    /** A rules reload refused: the new rules do not compile, break a check or fail a scenario; 422. */
    static final String RULES_REFUSED = "rules-refused";
    /** A rules reload on a service that runs the shipped rules, not a folder: 409. */
    static final String NOTHING_TO_RELOAD = "nothing-to-reload";
    /** Reconciliation asked of a store without an installation id or a payment plugin that cannot list: 409. */
    static final String CANNOT_RECONCILE = "cannot-reconcile";
    /** The card processor's list of charges could not be read: 502. */
    static final String PROCESSOR_UNAVAILABLE = "processor-unavailable";
    /** An API key id that names no live key, on {@code DELETE /admin/keys/{id}}: 404. */
    static final String UNKNOWN_KEY = "unknown-key";
    /** A ledger export asked of a service without the scenario module ({@code creditpool-scenarios}): 501. */
    static final String EXPORT_UNAVAILABLE = "export-unavailable";

    private Problems() {
    }

    /** One problem answer; its body is {@link #body()}. */
    record Problem(int status, String code, String title, String detail, Map<String, Object> extensions) {
        Problem with(String member, Object value) {
            Map<String, Object> more = new LinkedHashMap<>(extensions);
            more.put(member, value);
            return new Problem(status, code, title, detail, more);
        }

        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", TYPE_BASE + code);
            body.put("title", title);
            body.put("status", status);
            body.put("detail", detail);
            body.put("code", code);
            body.putAll(extensions);
            return body;
        }
    }

    /** Thrown anywhere while handling a request; answered with its problem. */
    static final class ProblemException extends RuntimeException {
        private final transient Problem problem;

        ProblemException(Problem problem) {
            super(problem.code() + ": " + problem.detail(), null, false, false);
            this.problem = problem;
        }

        Problem problem() {
            return problem;
        }
    }

    static Problem of(int status, String code, String title, String detail) {
        return new Problem(status, code, title, detail, Map.of());
    }

    /** Bad input in one field (a body field, a path part, a header or a query parameter): 400. */
    static ProblemException invalid(String field, String reason) {
        return new ProblemException(invalidInput(new InvalidInputException(field, reason)));
    }

    static Problem invalidInput(InvalidInputException e) {
        return of(400, DenialCode.INVALID_INPUT.code(), title(DenialCode.INVALID_INPUT), e.getMessage())
                .with("field", e.field());
    }

    /** What a denied decision answers; {@code detail} is its reason, with the team as the caller names it. */
    static Problem denied(Decision decision, String detail) {
        DenialCode code = decision.denial();
        if (decision.ruleDenial() != null) {
            // a code of the rule set's own: its denials table gives the type, title, status and message
            return of(decision.ruleDenial().status(), decision.ruleDenial().code(), decision.ruleDenial().title(),
                    detail)
                    .with("rules", List.copyOf(decision.rules()))
                    .with("balance", decision.balance())
                    .with("rules_version", decision.rulesVersion());
        }
        String field = decision.field();
        if (field == null) {
            return of(status(code), code.code(), title(code), detail)
                    .with("rules", List.copyOf(decision.rules()))
                    .with("balance", decision.balance())
                    .with("rules_version", decision.rulesVersion());
        }
        // a refusal is told to the member who asked, who reads it without the field it is about; API clients read
        // the field from "field"
        String told = code == DenialCode.NOT_ALLOWED && detail.startsWith(field + ": ")
                ? detail.substring(field.length() + 2) : detail;
        return of(status(code), code.code(), title(code), told)
                .with("field", field)
                .with("rules", List.copyOf(decision.rules()))
                .with("balance", decision.balance())
                .with("rules_version", decision.rulesVersion());
    }

    static ProblemException unknownTeam(String team) {
        return new ProblemException(of(404, DenialCode.UNKNOWN_TEAM.code(), title(DenialCode.UNKNOWN_TEAM),
                "team: no team '" + team + "'"));
    }

    /**
     * The HTTP status for each denial code; stable, as the codes are. A code added to the kernel later answers 404
     * when it names something unknown ({@code unknown-...}), else 422, until it is given a status here.
     */
    static int status(DenialCode code) {
        return switch (code) {
            case INVALID_INPUT -> 400;
            case NOT_ALLOWED -> 403;
            case UNKNOWN_TEAM, UNKNOWN_MEMBER -> 404;
            case REQUEST_CONFLICT -> 409;
            case INSUFFICIENT_CREDITS, PAYMENT_DECLINED -> 402;
            case MEMBER_LIMIT, GROUP_CAP, NO_SEATS, PLAN_NOT_ELIGIBLE, NO_DECISION -> 422;
            // not final: the purchase is still being completed
            case PAYMENT_PENDING -> 202;
            default -> code.code().startsWith("unknown-") ? 404 : 422;
        };
    }

    static String title(DenialCode code) {
        return switch (code) {
            case INVALID_INPUT -> "Invalid input";
            case NOT_ALLOWED -> "Not allowed";
            case UNKNOWN_TEAM -> "Unknown team";
            case UNKNOWN_MEMBER -> "Unknown member";
            case REQUEST_CONFLICT -> "Request conflict";
            case INSUFFICIENT_CREDITS -> "Insufficient credits";
            case PAYMENT_DECLINED -> "Payment declined";
            case MEMBER_LIMIT -> "Member limit reached";
            case GROUP_CAP -> "Group cap reached";
            case NO_SEATS -> "No seats available";
            case PLAN_NOT_ELIGIBLE -> "Plan not eligible";
            case NO_DECISION -> "No decision";
            case PAYMENT_PENDING -> "Payment pending";
            default -> Character.toUpperCase(code.code().charAt(0)) + code.code().substring(1).replace('-', ' ');
        };
    }
}
