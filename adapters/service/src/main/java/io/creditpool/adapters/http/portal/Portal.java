package io.creditpool.adapters.http.portal;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import io.creditpool.Creditpool;
import io.creditpool.adapters.sessions.PageSessions;
import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.domain.GroupCap;
import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.port.in.ChangeGroupCommand;
import io.creditpool.kernel.port.in.ChangeRoleCommand;
import io.creditpool.kernel.port.in.CreateGroupCommand;
import io.creditpool.kernel.port.in.DeleteGroupCommand;
import io.creditpool.kernel.port.in.MoveMemberCommand;
import io.creditpool.kernel.port.in.SetOwnLimitCommand;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.RemoveMemberCommand;
import io.creditpool.kernel.port.in.SetMemberLimitCommand;
import io.creditpool.kernel.port.in.TeamMetrics;
import io.creditpool.kernel.port.out.Clock;
import io.creditpool.kernel.port.out.CreditPolicy;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.PlanCatalog;
import io.creditpool.kernel.port.out.PolicyVerdict;
import io.creditpool.kernel.port.out.StoreUnavailableException;
import io.creditpool.kernel.port.out.TopUpTerms;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.Handler;
import io.javalin.http.SameSite;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Credits &amp; Billing page: server-rendered HTML (Mustache templates beside this class) for one member of one
 * team, opened from a single-use link a host product makes ({@link #createLink}). Every form goes through the same
 * {@link Creditpool} commands as the HTTP API, with the session's member acting and a request id per rendered form,
 * so the kernel's role checks, the rules and the guarantees decide; the page only shows what they answered. Forms
 * carry the session's CSRF token; the page sends {@code frame-ancestors} from the product's settings.
 */
public final class Portal {
    public static final String PREFIX = "/portal";
    public static final String COOKIE = "creditpool_portal";
    private static final System.Logger LOG = System.getLogger(Portal.class.getName());
    private static final int ACTIVITY_SHOWN = 20;
    /** How many receipts the page shows; the CSV holds them all. */
    static final int RECEIPTS_SHOWN = 10;
    /** How many ledger entries the CSV of receipts reads at a time, newest first. */
    private static final int RECEIPTS_PAGE = 1_000;
    /** The top-up packs the owner is offered, each with its price as the rules set it, beside any amount typed. */
    static final List<Long> TOP_UP_PACKS = List.of(500L, 1_000L, 5_000L);
    private static final Map<String, String> ASSETS = Map.of("portal.css", "text/css; charset=utf-8",
            "portal.js", "text/javascript; charset=utf-8");

    private final Creditpool pool;
    private final PortalSettings settings;
    private final PortalSessions sessions;
    private final Clock clock;
    private final MustacheFactory templates = new DefaultMustacheFactory("io/creditpool/adapters/http/portal");
    private final Mustache page;
    private final Mustache message;

    public Portal(Creditpool pool, PortalSettings settings) {
        this.pool = pool;
        this.settings = settings;
        this.clock = pool.component(Clock.class);
        this.sessions = new PortalSessions(clock, settings, pool.component(PageSessions.class));
        this.page = templates.compile("page.mustache");
        this.message = templates.compile("message.mustache");
    }

    public PortalSettings settings() {
        return settings;
    }

    /** A single-use link for {@code who}; {@code baseUrl} is where the browser reaches this service. */
    public PortalSessions.Link createLink(PortalSessions.Who who) {
        return sessions.create(who);
    }

    /** The path a link's token opens. */
    public static String linkPath(String token) {
        return PREFIX + "/sessions/" + token;
    }

    /** Adds the page's routes to {@code app}: pages are not part of the JSON API nor of its OpenAPI document. */
    public void register(Javalin app) {
        app.get(PREFIX + "/sessions/{token}", safe(this::open));
        app.get(PREFIX, safe(this::show));
        app.get(PREFIX + "/assets/{name}", this::asset);
        app.get(PREFIX + "/receipts.csv", safe(this::receiptsCsv));
        app.post(PREFIX + "/members", form(this::invite));
        app.post(PREFIX + "/members/{member}/role", form(this::changeRole));
        app.post(PREFIX + "/members/{member}/remove", form(this::remove));
        app.post(PREFIX + "/members/{member}/limit", form(this::setLimit));
        app.post(PREFIX + "/members/{member}/group", form(this::moveMember));
        app.post(PREFIX + "/own-limit", form(this::setOwnLimit));
        app.post(PREFIX + "/groups", form(this::createGroup));
        app.post(PREFIX + "/groups/{group}", form(this::changeGroup));
        app.post(PREFIX + "/groups/{group}/delete", form(this::deleteGroup));
        app.post(PREFIX + "/top-ups/quote", form(this::quote));
        app.post(PREFIX + "/top-ups", form(this::buy));
        app.post(PREFIX + "/auto-top-up", form(this::autoTopUp));
    }

    // ---- opening and guarding

    private void open(Context ctx) {
        Optional<PortalSessions.Session> opened = sessions.open(ctx.pathParam("token"));
        if (opened.isEmpty()) {
            say(ctx, null, 410, "This link has expired or was already used",
                    "A Credits & Billing link works once and for a few minutes. Go back to the product and open "
                            + "Credits & Billing again.");
            return;
        }
        PortalSessions.Session session = opened.get();
        boolean tls = tls(ctx);
        Cookie cookie = new Cookie(COOKIE, session.id);
        cookie.setPath(PREFIX);
        cookie.setHttpOnly(true);
        cookie.setSecure(tls);
        // in an iframe on another site only SameSite=None reaches the page, and browsers take it only when Secure
        cookie.setSameSite(tls ? SameSite.NONE : SameSite.LAX);
        ctx.cookie(cookie);
        headers(ctx, session.who().product(), null);
        ctx.redirect(PREFIX, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private static boolean tls(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    private Optional<PortalSessions.Session> session(Context ctx) {
        return sessions.session(ctx.cookie(COOKIE));
    }

    private interface FormAction {
        void handle(Context ctx, PortalSessions.Session session) throws Exception;
    }

    /** A handler whose failures become a page, not the JSON API's problem answers. */
    private Handler safe(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (StoreUnavailableException e) {
                say(ctx, null, 503, "Try again in a moment", "The credits store did not answer; nothing was changed.");
            } catch (RuntimeException e) {
                // the cause stays in the log: a page never shows internals
                LOG.log(System.Logger.Level.ERROR, ctx.method() + " " + ctx.path() + " failed", e);
                say(ctx, null, 500, "Something went wrong", "The page could not be shown. Reload it; a form sent "
                        + "again with the same page is applied at most once.");
            }
        };
    }

    /**
     * A form post: only with a live session and its CSRF token; bad input and denials come back to the page as a
     * message, and the browser is sent back to the page (so reloading it does not post again).
     */
    private Handler form(FormAction action) {
        return safe(ctx -> {
            Optional<PortalSessions.Session> found = session(ctx);
            if (found.isEmpty()) {
                sessionEnded(ctx);
                return;
            }
            PortalSessions.Session session = found.get();
            String csrf = ctx.formParam("csrf");
            if (csrf == null || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                    session.csrf.getBytes(StandardCharsets.UTF_8))) {
                say(ctx, session.who().product(), 403, "This form was refused",
                        "It did not come from your Credits & Billing page (its security token does not match), so "
                                + "nothing was changed. Reload the page and try again.");
                return;
            }
            try {
                action.handle(ctx, session);
            } catch (InvalidInputException e) {
                sessions.flash(session, new PortalSessions.Flash(false, "Not changed: " + field(e.field()) + " "
                        + e.reason()));
                back(ctx);
            }
        });
    }

    private static String field(String field) {
        return field.replace('_', ' ');
    }

    private void back(Context ctx) {
        ctx.redirect(PREFIX + "#flash", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void sessionEnded(Context ctx) {
        say(ctx, null, 401, "Your session has ended",
                "Open Credits & Billing again from the product to continue.");
    }

    private void asset(Context ctx) {
        String name = ctx.pathParam("name");
        String type = ASSETS.get(name);
        if (type == null) {
            ctx.status(404).result("");
            return;
        }
        ctx.header("Cache-Control", "max-age=300");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(type).result(resource(name));
    }

    private static byte[] resource(String name) {
        try (InputStream in = Portal.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Headers of every page: what may frame it (the product's origins, else nobody), what it may load (itself, images
     * from https, the inline style that sets the accent colour by its nonce), no caching, no referrer (a link's token
     * is in its URL).
     */
    private void headers(Context ctx, String product, String nonce) {
        List<String> ancestors = product == null ? List.of() : settings.branding(product).frameAncestors();
        String logo = product == null ? null : settings.branding(product).logo();
        String logoOrigin = logo == null ? "" : " " + java.net.URI.create(logo).resolve("/").toString()
                .replaceAll("/$", "");
        ctx.header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'"
                + (nonce == null ? "" : " 'nonce-" + nonce + "'") + "; img-src 'self' https: data:" + logoOrigin + "; "
                + "form-action 'self'; base-uri 'none'; frame-ancestors "
                + (ancestors.isEmpty() ? "'none'" : String.join(" ", ancestors)));
        if (ancestors.isEmpty()) {
            ctx.header("X-Frame-Options", "DENY");
        }
        ctx.header("Cache-Control", "no-store");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Content-Type-Options", "nosniff");
    }

    private void say(Context ctx, String product, int status, String title, String text) {
        String nonce = PortalSessions.token();
        headers(ctx, product, nonce);
        Map<String, Object> model = new HashMap<>(brand(product, null));
        model.put("nonce", nonce);
        model.put("title", title);
        model.put("text", text);
        ctx.status(status).contentType("text/html; charset=utf-8").result(render(message, model));
    }

    private String render(Mustache template, Object model) {
        StringWriter out = new StringWriter();
        template.execute(out, model);
        return out.toString();
    }

    private Map<String, Object> brand(String product, String returnUrl) {
        PortalSettings.Branding b = settings.branding(product == null ? "" : product);
        Map<String, Object> model = new HashMap<>();
        model.put("product", product);
        model.put("accent", b.accent());
        model.put("logo", b.logo());
        model.put("returnUrl", returnUrl != null ? returnUrl : b.returnUrl());
        return model;
    }

    // ---- the page

    private void show(Context ctx) {
        Optional<PortalSessions.Session> found = session(ctx);
        if (found.isEmpty()) {
            sessionEnded(ctx);
            return;
        }
        render(ctx, found.get(), null);
    }

    /** The page for the session's member; {@code quote} (may be null) is a top-up to confirm. */
    private void render(Context ctx, PortalSessions.Session session, Map<String, Object> quote) {
        PortalSessions.Who who = session.who();
        Optional<TeamMetrics> metrics = pool.metrics(who.team());
        TeamMetrics.MemberUsage me = metrics.map(m -> m.member(who.member())).orElse(null);
        if (me == null) {
            say(ctx, who.product(), 403, "You are not a member of this team",
                    who.member() + " is not a member of " + who.teamName() + " any more. Ask its owner or an admin.");
            return;
        }
        TeamMetrics m = metrics.get();
        String nonce = PortalSessions.token();
        headers(ctx, who.product(), nonce);
        Map<String, Object> model = brand(who.product(), who.returnUrl());
        model.put("nonce", nonce);
        model.put("csrf", session.csrf);
        model.put("team", who.teamName());
        model.put("member", who.member().value());
        model.put("role", me.role().word());
        boolean manager = me.role().manages();
        boolean owner = me.role() == Role.OWNER;
        model.put("manager", manager);
        model.put("owner", owner);
        PortalSessions.Flash flash = sessions.takeFlash(session).orElse(null);
        if (flash != null) {
            model.put("flash", Map.of("text", flash.text(), "kind", flash.ok() ? "ok" : "denied",
                    "role", flash.ok() ? "status" : "alert"));
        }
        Plan plan = pool.component(PlanCatalog.class).plan(m.plan()).orElse(null);
        String currency = plan == null ? "USD" : plan.currency();
        model.put("plan", m.plan());
        model.put("balance", Words.credits(m.balance()));
        model.put("planCredits", Words.credits(m.planCredits()));
        model.put("topUpCredits", Words.credits(m.topUpCredits()));
        Instant now = clock.now(who.team());
        model.put("planExpiry", Words.day(m.cycle().end()));
        model.put("nextRefresh", Words.day(m.cycle().end()));
        model.put("refreshes", Words.refresh(now, m.cycle().end()));
        if (manager && plan != null) {
            model.put("cycle", cycle(m, plan, now));
        }
        model.put("held", m.held() == 0 ? null : Words.credits(m.held()));
        model.put("seatsUsed", m.seatsUsed());
        model.put("seatsTotal", m.seatsTotal());
        model.put("seatsAvailable", m.seatsAvailable());
        model.put("noSeats", m.seatsAvailable() <= 0);
        model.put("myUsage", Words.credits(me.usageThisMonth()));
        model.put("myLimit", Words.limit(me.limit()));
        model.put("myOwnLimit", me.ownLimit().unlimited() ? null : Words.limit(me.ownLimit()));
        model.put("ownLimitValue", me.ownLimit().unlimited() ? "" : Long.toString(me.ownLimit().credits()));
        model.put("ownLimitMax", me.limit().unlimited() ? null : Long.toString(me.limit().credits()));
        model.put("noOwnLimit", me.ownLimit().unlimited());
        model.put("spendable", spendable(m, me));
        List<Map<String, Object>> alerts = alerts(m, me, manager,
                pool.alertLevels(who.team()).orElse(io.creditpool.kernel.port.out.AlertLevels.NONE), plan);
        model.put("alerts", alerts);
        model.put("hasAlerts", !alerts.isEmpty());
        model.put("myMeter", limitMeter(me));
        TeamMetrics.GroupUsage myGroup = me.group() == null ? null : m.group(me.group());
        if (myGroup != null) {
            Map<String, Object> mine = new HashMap<>();
            mine.put("name", myGroup.name());
            mine.put("usage", Words.credits(myGroup.usageThisMonth()));
            mine.put("cap", Words.cap(myGroup.cap()));
            mine.put("meter", capMeter(myGroup));
            model.put("myGroup", mine);
        }
        if (manager) {
            model.put("groups", groups(m));
            model.put("hasGroups", !m.groups().isEmpty());
        }
        // purchases pending are read before the ledger: one answered in between is then told by its charge
        List<Receipts.Receipt> pending = manager ? pending(m) : List.of();
        List<LedgerEntry> ledger = pool.ledger(who.team());
        UsageChart.Drawn chart = UsageChart.draw(ledger, m.cycle(), now, manager ? null : who.member());
        model.put("chart", chart.svg());
        model.put("chartSummary", chart.summary());
        model.put("legend", manager ? chart.legend() : List.of());
        if (manager) {
            model.put("members", members(m, who.member()));
        }
        model.put("owner_name", owner(m));
        model.put("pending", m.pendingPurchases() == 0 ? null : m.pendingPurchases() == 1
                ? "A top-up payment is pending: its credits are added once the card processor confirms the charge."
                : m.pendingPurchases() + " top-up payments are pending: their credits are added once the card "
                        + "processor confirms the charges.");
        model.put("quote", quote);
        if (owner && quote == null && plan != null) {
            List<Map<String, Object>> packs = packs(plan, now);
            model.put("packs", packs);
            model.put("hasPacks", !packs.isEmpty());
        }
        if (manager) {
            // the newest receipts of the ledger the page has read already, and those still waiting for an answer
            List<Receipts.Receipt> charged = Receipts.newest(ledger, RECEIPTS_SHOWN);
            List<Receipts.Receipt> receipts = new ArrayList<>(Receipts.stillPending(pending, charged));
            receipts.addAll(charged);
            receipts = receipts.subList(0, Math.min(receipts.size(), RECEIPTS_SHOWN));
            model.put("receipts", receipts.stream().map(Portal::receipt).toList());
            model.put("hasReceipts", !receipts.isEmpty());
            model.put("receiptsShown", RECEIPTS_SHOWN);
        }
        if (manager && plan != null) {
            model.put("auto", autoTopUp(m, plan, currency));
        }
        model.put("activity", activity(ledger, manager ? null : who.member(), currency));
        // a request id per rendered form: posting the same form twice applies it once
        model.put("requestId", (java.util.concurrent.Callable<String>) PortalSessions::token);
        ctx.status(200).contentType("text/html; charset=utf-8").result(render(page, model));
    }

    /**
     * Every receipt of the team's top-ups as CSV (RFC 4180: a header line, CRLF line ends, quoted fields where
     * needed), newest first: the purchases still pending, then the ledger's charges read a page at a time from the
     * newest, so the answer streams however long the team's history. For the owner and admins only, as on the page.
     */
    private void receiptsCsv(Context ctx) throws IOException {
        Optional<PortalSessions.Session> found = session(ctx);
        if (found.isEmpty()) {
            sessionEnded(ctx);
            return;
        }
        PortalSessions.Who who = found.get().who();
        TeamMetrics m = pool.metrics(who.team()).orElse(null);
        TeamMetrics.MemberUsage me = m == null ? null : m.member(who.member());
        if (me == null || !me.role().manages()) {
            say(ctx, who.product(), 403, "Receipts are for the owner and admins", (me == null ? who.member()
                    + " is not a member of " + who.teamName() + " any more." : who.member() + " is a member of "
                    + who.teamName() + "; the team's top-up receipts are shown to its owner and admins.")
                    + " Ask the owner, " + (m == null ? "or an admin" : owner(m)) + ", for them.");
            return;
        }
        headers(ctx, who.product(), null);
        String file = "receipts-" + who.teamName().replaceAll("[^A-Za-z0-9._-]+", "-") + ".csv";
        ctx.header("Content-Disposition", "attachment; filename=\"" + file + "\"");
        ctx.status(200).contentType("text/csv; charset=utf-8; header=present");
        java.io.Writer out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(ctx.outputStream(),
                StandardCharsets.UTF_8));
        Receipts.write(out, Receipts.COLUMNS);
        // purchases pending are read before the ledger: one answered in between is then told by its charge, which
        // is among the newest entries, in the first page
        List<Receipts.Receipt> pending = pending(m);
        Long before = null;
        while (true) {
            io.creditpool.kernel.port.in.LedgerPage page = pool.ledgerPage(who.team(), before, RECEIPTS_PAGE);
            List<Receipts.Receipt> charged = Receipts.newest(page.entries(), Integer.MAX_VALUE);
            if (before == null) {
                for (Receipts.Receipt r : Receipts.stillPending(pending, charged)) {
                    Receipts.write(out, r.fields());
                }
            }
            for (Receipts.Receipt r : charged) {
                Receipts.write(out, r.fields());
            }
            out.flush();
            if (page.entries().isEmpty() || page.firstSeq() <= 1) {
                break;
            }
            before = page.firstSeq();
        }
        out.flush();
    }

    /**
     * The alerts that stand now for whoever reads the page: her own limit's share (and her group's cap's) for a
     * member; every member's, every group's and the pool's for the owner and admins. A share stands once usage has
     * reached it this month, as the events told; the pool's while the balance is at it or below.
     */
    static List<Map<String, Object>> alerts(TeamMetrics m, TeamMetrics.MemberUsage me, boolean manager,
            io.creditpool.kernel.port.out.AlertLevels levels, Plan plan) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!levels.any()) {
            return out;
        }
        for (TeamMetrics.MemberUsage u : m.members()) {
            if (!manager && !u.member().equals(me.member())) {
                continue;
            }
            io.creditpool.kernel.domain.MemberLimit limit = u.effectiveLimit();
            if (limit.unlimited()) {
                continue;
            }
            int share = io.creditpool.kernel.domain.Budgets.standing(u.usageThisMonth(), limit.credits(),
                    levels.usage());
            if (share > 0) {
                boolean mine = u.member().equals(me.member());
                out.add(alert(share >= 100 ? "limit-reached" : "limit-approaching", u.member().value(),
                        (mine ? "You have" : u.member().value() + " has") + " used " + share + "% of "
                                + (mine ? "your" : "their") + " monthly limit: "
                                + Words.credits(u.usageThisMonth()) + " of " + Words.credits(limit.credits())
                                + " credits" + (share >= 100 ? ", nothing more until the month ends." : ".")));
            }
        }
        for (TeamMetrics.GroupUsage g : m.groups()) {
            if (g.cap().unlimited() || (!manager && !g.group().equals(me.group()))) {
                continue;
            }
            int share = io.creditpool.kernel.domain.Budgets.standing(g.usageThisMonth(), g.cap().credits(),
                    levels.usage());
            if (share > 0) {
                out.add(alert(share >= 100 ? "group-cap-reached" : "group-cap-approaching", g.group().value(),
                        g.name() + " has used " + share + "% of its monthly cap: " + Words.credits(g.usageThisMonth())
                                + " of " + Words.credits(g.cap().credits()) + " credits."));
            }
        }
        long monthly = plan == null ? 0 : (long) plan.monthlyCreditsPerSeat() * m.seatsTotal();
        if (manager && monthly > 0) {
            for (int percent : levels.pool()) {
                // the lowest share the balance is at or below
                if (m.balance() * 100 <= monthly * percent) {
                    out.add(alert("pool-low", "pool", "The pool is low: " + Words.credits(m.balance())
                            + " credits left, " + percent + "% of the monthly plan credits or less."));
                    break;
                }
            }
        }
        return out;
    }

    private static Map<String, Object> alert(String type, String about, String text) {
        Map<String, Object> a = new HashMap<>();
        a.put("type", type);
        a.put("about", about);
        a.put("text", text);
        return a;
    }

    /**
     * What the page leads with: what the member can spend this month and what binds it, and who can raise it (the
     * owner and admins, by name; the member herself for a limit she set).
     */
    private static Map<String, Object> spendable(TeamMetrics m, TeamMetrics.MemberUsage me) {
        Map<String, Object> lead = new HashMap<>();
        if (me.spendable() == null) {
            return null;
        }
        long credits = me.spendable().credits();
        String managers = managers(m);
        String what;
        String who;
        switch (me.spendable().bound()) {
            case MEMBER_LIMIT -> {
                what = "your monthly limit";
                who = "Your monthly limit is " + Words.limit(me.limit()) + ". The owner and admins can raise it: "
                        + managers + ".";
            }
            case OWN_LIMIT -> {
                what = "the limit you set yourself";
                who = "You set it to " + Words.limit(me.ownLimit()) + " a month; you can raise it"
                        + (me.limit().unlimited() ? " or let go of it" : " up to " + Words.limit(me.limit())
                                + ", the limit the owner or an admin set, or let go of it") + " below."
                        + (me.limit().unlimited() ? "" : " The owner and admins can raise theirs: " + managers + ".");
            }
            case GROUP_CAP -> {
                TeamMetrics.GroupUsage g = m.group(me.group());
                what = "the monthly cap of your group, " + (g == null ? me.group().value() : g.name());
                who = (g == null ? "" : "Your group has used " + Words.credits(g.usageThisMonth()) + " of "
                        + Words.cap(g.cap()) + ". ") + "The owner and admins can raise its cap: " + managers + ".";
            }
            default -> {
                what = "what the team's pool holds";
                who = "Only the owner, " + owner(m) + ", buys top-ups.";
            }
        }
        lead.put("headline", "You can use " + Words.credits(credits) + " more credit" + (credits == 1 ? "" : "s")
                + " this month: " + what);
        lead.put("who", who);
        lead.put("bound", me.spendable().bound().word());
        lead.put("credits", Long.toString(credits));
        return lead;
    }

    /** The owner and the admins, by name: "olivia (owner), ada (admin)". */
    private static String managers(TeamMetrics m) {
        return String.join(", ", m.managers().stream().map(u -> u.member().value() + " (" + u.role().word() + ")")
                .toList());
    }

    /**
     * The cycle's plan credits, used and in all, and when they refresh: from the team's metrics (what is left of the
     * plan credits, the cycle's end) and what the rules grant the team's seats each cycle, without reading its
     * history. Held credits count as used: they are out of the pool.
     */
    private Map<String, Object> cycle(TeamMetrics m, Plan plan, Instant now) {
        long granted = pool.component(CreditPolicy.class).cycleGrant(plan, m.seatsTotal(), m.cycle()).credits();
        // rules changed since the cycle began may grant fewer now than the cycle brought: what is left bounds it
        long total = Math.max(granted, m.planCredits());
        long used = total - m.planCredits();
        Map<String, Object> cycle = new HashMap<>();
        cycle.put("refreshes", Words.refresh(now, m.cycle().end()));
        cycle.put("days", Long.toString(Words.daysUntil(now, m.cycle().end())));
        if (total == 0) {
            cycle.put("label", "No plan credits this cycle");
            return cycle;
        }
        String label = Words.credits(used) + " of " + Words.credits(total) + " plan credits used this cycle";
        cycle.put("label", label);
        cycle.put("meter", meter("cycle-meter", used, total, label));
        return cycle;
    }

    /**
     * A bar of {@code used} against {@code max} (above 0), as a {@code <meter>} named by its label, which says it in
     * words: the colour changes at three quarters and at nine tenths, and never says it alone.
     */
    static Map<String, Object> meter(String id, long used, long max, String label) {
        Map<String, Object> meter = new HashMap<>();
        meter.put("id", id);
        meter.put("value", Long.toString(Math.max(0, used)));
        meter.put("max", Long.toString(max));
        meter.put("low", Long.toString(max * 3 / 4));
        meter.put("high", Long.toString(max * 9 / 10));
        meter.put("percent", Words.percent(Math.max(0, used), max) + "%");
        meter.put("label", label);
        return meter;
    }

    /** A member's usage this month against the limit that applies to her; null without one (or with 0). */
    private static Map<String, Object> limitMeter(TeamMetrics.MemberUsage u) {
        MemberLimit limit = u.effectiveLimit();
        if (limit.unlimited() || limit.credits() == 0) {
            return null;
        }
        return meter("usage-meter-" + u.member().value(), u.usageThisMonth(), limit.credits(),
                Words.credits(u.usageThisMonth()) + " of " + Words.limit(limit) + " used this month ("
                        + Words.percent(u.usageThisMonth(), limit.credits()) + "%)");
    }

    /** A group's usage this month against its cap; null for a group without one (or with 0). */
    private static Map<String, Object> capMeter(TeamMetrics.GroupUsage g) {
        if (g.cap().unlimited() || g.cap().credits() == 0) {
            return null;
        }
        return meter("group-meter-" + g.group().value(), g.usageThisMonth(), g.cap().credits(),
                Words.credits(g.usageThisMonth()) + " of " + Words.credits(g.cap().credits()) + " credits used this "
                        + "month (" + Words.percent(g.usageThisMonth(), g.cap().credits()) + "%)");
    }

    /** The price of {@code credits} top-up credits as the rules set it now; null when they give none. */
    private Money price(Plan plan, long credits, Instant at) {
        return pool.component(CreditPolicy.class).topUp(plan, GrantSource.TOP_UP, credits, at).price();
    }

    /** The packs on offer, each with the price the confirm step will show; one the rules give no price is left out. */
    private List<Map<String, Object>> packs(Plan plan, Instant now) {
        List<Map<String, Object>> packs = new ArrayList<>();
        for (long credits : TOP_UP_PACKS) {
            Money price;
            try {
                price = price(plan, credits, now);
            } catch (InvalidInputException e) {
                continue;
            }
            if (price != null) {
                packs.add(Map.of("credits", Long.toString(credits), "creditsText", Words.credits(credits),
                        "price", Words.money(price)));
            }
        }
        return packs;
    }

    /** The team's purchases still waiting for their charge's answer, read only when the metrics count some. */
    private List<Receipts.Receipt> pending(TeamMetrics m) {
        if (m.pendingPurchases() == 0) {
            return List.of();
        }
        return pool.component(CreditStore.class).inTransaction(m.team(), unit -> unit.team()
                .map(t -> Receipts.pending(t.pendingPurchases())).orElse(List.of()));
    }

    private static Map<String, Object> receipt(Receipts.Receipt r) {
        Map<String, Object> row = new HashMap<>();
        row.put("when", Words.when(r.at()));
        row.put("at", r.at().toString());
        row.put("kind", r.kind());
        row.put("credits", Words.credits(r.credits()));
        row.put("amount", Words.money(r.price()));
        row.put("status", r.status().word());
        row.put("reference", r.reference().isEmpty() ? "none yet" : r.reference());
        return row;
    }

    private static List<Map<String, Object>> groups(TeamMetrics m) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TeamMetrics.GroupUsage g : m.groups()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", g.group().value());
            row.put("name", g.name());
            row.put("cap", Words.cap(g.cap()));
            row.put("capValue", g.cap().unlimited() ? "" : Long.toString(g.cap().credits()));
            row.put("unlimited", g.cap().unlimited());
            row.put("usage", Words.credits(g.usageThisMonth()));
            row.put("left", g.left().isPresent() ? Words.credits(g.left().getAsLong()) : "no cap");
            row.put("members", g.members());
            row.put("meter", capMeter(g));
            rows.add(row);
        }
        return rows;
    }

    private static String owner(TeamMetrics m) {
        return m.members().stream().filter(u -> u.role() == Role.OWNER).map(u -> u.member().value()).findFirst()
                .orElse("the owner");
    }

    private static List<Map<String, Object>> members(TeamMetrics m, MemberId me) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TeamMetrics.MemberUsage u : m.members()) {
            Map<String, Object> row = new LinkedHashMap<>();
            TeamMetrics.GroupUsage group = u.group() == null ? null : m.group(u.group());
            row.put("group", group == null ? "none" : group.name());
            List<Map<String, Object>> options = new ArrayList<>();
            options.add(Map.of("id", "none", "name", "no group", "selected", group == null));
            for (TeamMetrics.GroupUsage g : m.groups()) {
                options.add(Map.of("id", g.group().value(), "name", g.name(), "selected", g.equals(group)));
            }
            row.put("groupOptions", options);
            row.put("ownLimit", u.ownLimit().unlimited() ? null : Words.limit(u.ownLimit()));
            row.put("spendable", u.spendable() == null ? "" : Words.credits(u.spendable().credits()) + " ("
                    + u.spendable().bound().word().replace('-', ' ') + ")");
            row.put("name", u.member().value());
            row.put("role", u.role().word());
            row.put("isOwner", u.role() == Role.OWNER);
            row.put("isAdmin", u.role() == Role.ADMIN);
            row.put("isMe", u.member().equals(me));
            row.put("usage", Words.credits(u.usageThisMonth()));
            row.put("limit", Words.limit(u.limit()));
            row.put("unlimited", u.limit().unlimited());
            row.put("limitValue", u.limit().unlimited() ? "" : Long.toString(u.limit().credits()));
            row.put("meter", limitMeter(u));
            rows.add(row);
        }
        return rows;
    }

    /**
     * What the auto top-up section shows. Whether the plan may have it is the rules' answer, asked the way a
     * configuration is decided; the plans that may are found the same way.
     */
    private Map<String, Object> autoTopUp(TeamMetrics m, Plan plan, String currency) {
        CreditPolicy policy = pool.component(CreditPolicy.class);
        Map<String, Object> auto = new HashMap<>();
        AutoTopUp probe = AutoTopUp.configured(true, 1, 1);
        PolicyVerdict verdict = policy.autoTopUpChange(plan, probe);
        boolean eligible = verdict.accepted();
        auto.put("eligible", eligible);
        if (!eligible) {
            List<String> plans = pool.component(PlanCatalog.class).plans().stream()
                    .filter(p -> policy.autoTopUpChange(p, probe).accepted()).map(Plan::name).sorted().toList();
            auto.put("why", "Auto top-up is not available on the " + plan.name() + " plan"
                    + (plans.isEmpty() ? "." : "; it comes with " + String.join(", ", plans) + " plans.")
                    + " The owner can still buy top-ups by hand.");
            auto.put("rules", String.join("; ", verdict.rules()));
            return auto;
        }
        AutoTopUp a = m.autoTopUp();
        auto.put("enabled", a.enabled());
        auto.put("paused", a.paused());
        auto.put("threshold", a.enabled() ? Long.toString(a.threshold()) : "");
        auto.put("amount", a.enabled() ? Long.toString(a.amount()) : "");
        auto.put("cap", a.monthlyCap() == null ? "" : Words.plainMoney(a.monthlyCap(), currency));
        auto.put("currency", currency);
        if (a.enabled()) {
            TopUpTerms terms = policy.topUp(plan, GrantSource.AUTO_TOP_UP, a.amount(), clock.now(m.team()));
            auto.put("state", "On: when the pool falls below " + Words.credits(a.threshold()) + " credits, "
                    + Words.credits(a.amount()) + " credits are bought"
                    + (terms.price() == null ? "" : " for " + Words.money(terms.price()))
                    + (a.monthlyCap() == null ? ", no monthly cap."
                            : ", at most " + Words.money(new io.creditpool.kernel.domain.Money(a.monthlyCap(),
                                    currency)) + " a month (" + Words.money(new io.creditpool.kernel.domain.Money(
                                            a.spentThisCycle(), currency)) + " spent this cycle)."));
        } else {
            auto.put("state", "Off.");
        }
        return auto;
    }

    private static List<Map<String, String>> activity(List<LedgerEntry> ledger, MemberId only, String currency) {
        List<Map<String, String>> items = new ArrayList<>();
        for (int i = ledger.size() - 1; i >= 0 && items.size() < ACTIVITY_SHOWN; i--) {
            LedgerEntry e = ledger.get(i);
            if (only != null && !(e instanceof LedgerEntry.CreditsConsumed c && c.member().equals(only))) {
                continue;
            }
            String text = Words.entry(e, currency);
            if (text != null) {
                items.add(Map.of("text", text, "when", Words.when(e.at()), "at", e.at().toString()));
            }
        }
        return items;
    }

    // ---- the forms

    private static RequestId requestId(Context ctx) {
        String value = ctx.formParam("request_id");
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("request_id", "is required: reload the page and try again");
        }
        return RequestId.of("portal-" + value);
    }

    private static String required(Context ctx, String field) {
        String value = ctx.formParam(field);
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required");
        }
        return value.trim();
    }

    private static long whole(Context ctx, String field) {
        String value = required(ctx, field).replace(",", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "must be a whole number, was '" + value + "'");
        }
    }

    /** Shows the kernel's answer on the page after the redirect: what was done, or the rule's message. */
    private void answered(Context ctx, PortalSessions.Session session, Decision d, String done) {
        String text;
        if (d.accepted()) {
            text = done;
        } else if (d.denial() == DenialCode.PAYMENT_PENDING) {
            text = "Payment pending: the card processor has not answered yet. Nothing is added until it does; you "
                    + "will not be charged twice.";
        } else {
            // the member reads the reason without the field of the request it names first ("by: ")
            String reason = d.reason() == null ? d.denial().code()
                    : d.reasonForPeople().replace(session.who().team().value(), session.who().teamName());
            text = "Not done: " + reason + (d.rules().isEmpty() ? "" : " (" + String.join("; ", d.rules()) + ")");
        }
        sessions.flash(session, new PortalSessions.Flash(d.accepted(), text));
        back(ctx);
    }

    private void invite(Context ctx, PortalSessions.Session s) {
        MemberId member = MemberId.of(required(ctx, "member"));
        Role role = Role.assignable("role", required(ctx, "role"));
        Decision d = pool.invite(new InviteMemberCommand(s.who().team(), s.who().member(), member, role,
                requestId(ctx)));
        answered(ctx, s, d, member + " was invited as " + role.word() + ".");
    }

    private void changeRole(Context ctx, PortalSessions.Session s) {
        MemberId member = MemberId.of(ctx.pathParam("member"));
        Role role = Role.assignable("role", required(ctx, "role"));
        Decision d = pool.changeRole(new ChangeRoleCommand(s.who().team(), s.who().member(), member, role,
                requestId(ctx)));
        answered(ctx, s, d, member + " is now " + (role == Role.ADMIN ? "an admin." : "a member."));
    }

    private void remove(Context ctx, PortalSessions.Session s) {
        MemberId member = MemberId.of(ctx.pathParam("member"));
        Decision d = pool.remove(new RemoveMemberCommand(s.who().team(), s.who().member(), member, requestId(ctx)));
        answered(ctx, s, d, member + " was removed; their seat is free.");
    }

    private void setLimit(Context ctx, PortalSessions.Session s) {
        MemberId member = MemberId.of(ctx.pathParam("member"));
        MemberLimit limit = ctx.formParam("unlimited") != null ? MemberLimit.UNLIMITED
                : MemberLimit.of(whole(ctx, "limit"));
        Decision d = pool.setLimit(new SetMemberLimitCommand(s.who().team(), s.who().member(), member, limit,
                requestId(ctx)));
        answered(ctx, s, d, limit.unlimited() ? member + " may now use unlimited credits."
                : member + "'s monthly limit is now " + Words.limit(limit) + ".");
    }

    private void setOwnLimit(Context ctx, PortalSessions.Session s) {
        MemberLimit limit = ctx.formParam("unlimited") != null ? MemberLimit.UNLIMITED
                : MemberLimit.of(whole(ctx, "limit"));
        Decision d = pool.setOwnLimit(new SetOwnLimitCommand(s.who().team(), s.who().member(), limit, requestId(ctx)));
        answered(ctx, s, d, limit.unlimited() ? "You have no monthly limit of your own now."
                : "Your own monthly limit is now " + Words.limit(limit) + ".");
    }

    private void moveMember(Context ctx, PortalSessions.Session s) {
        MemberId member = MemberId.of(ctx.pathParam("member"));
        String chosen = required(ctx, "group");
        GroupId group = chosen.equals(GroupId.NONE) ? null : GroupId.of(chosen);
        Decision d = pool.moveMember(new MoveMemberCommand(s.who().team(), s.who().member(), member, group,
                requestId(ctx)));
        answered(ctx, s, d, group == null ? member + " is in no group now."
                : member + " is in group " + group + " now; what they used before stays with their old group.");
    }

    private void createGroup(Context ctx, PortalSessions.Session s) {
        GroupId group = GroupId.of(required(ctx, "group"));
        String name = ctx.formParam("name");
        String cap = ctx.formParam("cap");
        Decision d = pool.createGroup(new CreateGroupCommand(s.who().team(), s.who().member(), group,
                name == null || name.isBlank() ? null : name, cap == null || cap.isBlank() ? GroupCap.UNLIMITED
                        : GroupCap.of(whole(ctx, "cap")), requestId(ctx)));
        answered(ctx, s, d, "Group " + group + " was made.");
    }

    private void changeGroup(Context ctx, PortalSessions.Session s) {
        GroupId group = GroupId.of(ctx.pathParam("group"));
        String name = ctx.formParam("name");
        GroupCap cap = ctx.formParam("unlimited") != null ? GroupCap.UNLIMITED : GroupCap.of(whole(ctx, "cap"));
        Decision d = pool.changeGroup(new ChangeGroupCommand(s.who().team(), s.who().member(), group,
                name == null || name.isBlank() ? null : name, cap, requestId(ctx)));
        answered(ctx, s, d, "Group " + group + " now has " + Words.cap(cap) + ".");
    }

    private void deleteGroup(Context ctx, PortalSessions.Session s) {
        GroupId group = GroupId.of(ctx.pathParam("group"));
        Decision d = pool.deleteGroup(new DeleteGroupCommand(s.who().team(), s.who().member(), group,
                requestId(ctx)));
        answered(ctx, s, d, "Group " + group + " was deleted; its members are in no group now, and what it used this "
                + "month stays counted until the month ends.");
    }

    /** The price of a top-up, as the rules set it, to confirm before anything is charged. */
    private void quote(Context ctx, PortalSessions.Session s) {
        long credits = whole(ctx, "credits");
        io.creditpool.kernel.domain.Credits.positive("credits", credits);
        TeamMetrics m = pool.metrics(s.who().team()).orElseThrow();
        Plan plan = pool.component(PlanCatalog.class).plan(m.plan()).orElseThrow();
        Money price = price(plan, credits, clock.now(s.who().team()));
        if (price == null) {
            throw new InvalidInputException("credits", "the rules give no price for a top-up of " + credits);
        }
        Map<String, Object> quote = new HashMap<>();
        quote.put("credits", Long.toString(credits));
        quote.put("creditsText", Words.credits(credits));
        quote.put("price", Words.money(price));
        render(ctx, s, quote);
    }

    private void buy(Context ctx, PortalSessions.Session s) {
        long credits = whole(ctx, "credits");
        Decision d = pool.buyTopUp(new BuyTopUpCommand(s.who().team(), s.who().member(), credits, requestId(ctx)));
        answered(ctx, s, d, "Bought " + Words.credits(credits) + " top-up credits; they never expire.");
    }

    private void autoTopUp(Context ctx, PortalSessions.Session s) {
        boolean enabled = ctx.formParam("enabled") != null;
        long threshold = 0;
        long amount = 0;
        Long cap = null;
        if (enabled) {
            threshold = whole(ctx, "threshold");
            amount = whole(ctx, "amount");
            String typedCap = ctx.formParam("monthly_cap");
            if (typedCap != null && !typedCap.isBlank()) {
                TeamMetrics m = pool.metrics(s.who().team()).orElseThrow();
                String currency = pool.component(PlanCatalog.class).plan(m.plan()).map(Plan::currency)
                        .orElse("USD");
                cap = Words.minorUnits("monthly_cap", typedCap, currency);
            }
        }
        Decision d = pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(s.who().team(), s.who().member(),
                enabled, threshold, amount, cap, requestId(ctx)));
        answered(ctx, s, d, enabled ? "Auto top-up is on." : "Auto top-up is off.");
    }
}
