package io.creditpool.adapters.http;

import io.creditpool.Creditpool;
import io.creditpool.adapters.http.portal.Portal;
import io.creditpool.adapters.http.portal.PortalSessions;
import io.creditpool.adapters.http.portal.PortalSettings;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.TeamMetrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code POST /v1/portal-sessions}: a host product (product key) asks for a single-use link that opens the Credits
 * &amp; Billing page ({@link Portal}) for one member of one of its teams; and the page's own routes under
 * {@code /portal}, which are HTML, not part of the JSON API.
 */
final class PortalRoutes {
    static final Set<String> FIELDS = Set.of("team", "member", "return_url");
    /** Where browsers reach this service, when the {@code Host} of the request is not it (behind a proxy). */
    static final String BASE_URL = "creditpool.portal.base-url";

    private final Creditpool pool;
    private final ObjectMapper json;
    private final Portal portal;

    PortalRoutes(Creditpool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
        this.portal = new Portal(pool, PortalSettings.fromProperties(System.getProperties()));
    }

    /** A link as the API answers it. */
    record Link(String url, Instant expiresAt, String team, String member) {
    }

    void register(HttpService.Registrar registrar, Javalin app, BiFunction<Context, String, TeamId> team,
            Function<Context, String> product) {
        registrar.route(HandlerType.POST, "/v1/portal-sessions", ctx -> create(ctx, team, product));
        portal.register(app);
    }

    private void create(Context ctx, BiFunction<Context, String, TeamId> teams, Function<Context, String> product) {
        JsonBody body = JsonBody.read(ctx, json, FIELDS);
        String name = body.text("team");
        TeamId team = teams.apply(ctx, name);
        MemberId member = Requests.memberId("member", body.text("member"));
        String returnUrl = body.has("return_url") ? body.text("return_url") : null;
        if (returnUrl != null) {
            Requests.named("return_url", () -> checkedUrl(returnUrl));
        }
        TeamMetrics metrics = pool.metrics(team).orElseThrow(() -> Problems.unknownTeam(name));
        if (metrics.member(member) == null) {
            throw new Problems.ProblemException(Problems.of(404, DenialCode.UNKNOWN_MEMBER.code(),
                    Problems.title(DenialCode.UNKNOWN_MEMBER), "member: '" + member + "' is not a member of team '"
                            + name + "'"));
        }
        PortalSessions.Link link = portal.createLink(new PortalSessions.Who(product.apply(ctx), team, name, member,
                returnUrl));
        String base = System.getProperty(BASE_URL, ctx.scheme() + "://" + ctx.host());
        ctx.status(201).json(new Link(base.replaceAll("/+$", "") + Portal.linkPath(link.token()), link.expiresAt(),
                name, member.value()));
    }

    private static String checkedUrl(String value) {
        try {
            java.net.URI uri = new java.net.URI(value);
            if (uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                return value;
            }
        } catch (java.net.URISyntaxException e) {
            // refused below
        }
        throw new InvalidInputException("return_url", "must be an absolute http or https URL, was '" + value + "'");
    }
}
