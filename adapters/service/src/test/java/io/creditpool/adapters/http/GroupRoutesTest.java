package io.creditpool.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.keys.InMemoryApiKeys;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.store.StoreSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Groups and own limits over HTTP: the routes decide as the Java API does, a group-cap denial has its own problem
 * type and names the group and what is left, and bad input (an unknown group, a cap below zero, a member in two
 * groups, a member raising her own limit or setting another's) is a 4xx naming the field that changes nothing.
 */
class GroupRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicInteger TEAMS = new AtomicInteger();
    private static Creditpool pool;
    private static HttpService service;
    private static String key;
    private String team;

    @BeforeAll
    static void start() {
        pool = Creditpool.builder().clock(new ManualClock(Instant.parse("2026-01-05T10:00:00Z")))
                .payments(new SandboxPaymentGateway()).store(StoreSettings.MEMORY).build();
        InMemoryApiKeys keys = new InMemoryApiKeys();
        key = keys.create("shop").key();
        service = HttpService.start(pool, keys, 0);
    }

    @AfterAll
    static void stop() {
        service.close();
        pool.close();
    }

    @BeforeEach
    void givenATeamWithAliceAndBob() throws Exception {
        team = "studio-" + TEAMS.incrementAndGet();
        assertThat(send("POST", "/v1/teams", null, "{\"team\":\"" + team + "\",\"plan\":\"team\",\"seats\":3,"
                + "\"owner\":\"olivia\"}").status).isEqualTo(201);
        send("POST", path("/members"), "olivia", "{\"member\":\"alice\",\"role\":\"member\"}");
        send("POST", path("/members"), "olivia", "{\"member\":\"bob\",\"role\":\"member\"}");
    }

    @Test
    void aGroupsCapIsKeptOverHttpAndItsDenialHasItsOwnProblemType() throws Exception {
        Reply created = send("POST", path("/groups"), "olivia", "{\"group\":\"design\",\"name\":\"Design\",\"cap\":200}");
        assertThat(created.status).isEqualTo(201);
        assertThat(created.json.at("/summary/groups/0")).isEqualTo(JSON.readTree("""
                {"group":"design","name":"Design","cap":200,"usage_this_month":0,"left":200,"members":0}"""));
        assertThat(send("PUT", path("/members/alice/group"), "olivia", "{\"group\":\"design\"}").status).isEqualTo(200);
        assertThat(send("POST", path("/consumptions"), "alice", "{\"credits\":150}").status).isEqualTo(200);

        Reply over = send("POST", path("/consumptions"), "alice", "{\"credits\":60}");

        assertThat(over.status).isEqualTo(422);
        assertThat(over.contentType).startsWith("application/problem+json");
        assertThat(over.json.path("type").asText()).isEqualTo("https://creditpool.io/problems/group-cap");
        assertThat(over.json.path("code").asText()).isEqualTo("group-cap");
        assertThat(over.json.path("title").asText()).isEqualTo("Group cap reached");
        assertThat(over.json.path("detail").asText()).isEqualTo("alice is in group design, which has used 150 of "
                + "its monthly cap of 200 this month: 50 left, 60 asked for");
        assertThat(over.json.path("rules").toString()).contains("A group may not spend past its monthly cap");
        JsonNode alice = member(summary(), "alice");
        assertThat(alice.path("group").asText()).isEqualTo("design");
        assertThat(alice.path("spendable")).isEqualTo(JSON.readTree("{\"credits\":50,\"bound_by\":\"group-cap\"}"));
        assertThat(send("GET", path("/groups"), null, null).json).isEqualTo(JSON.readTree("""
                {"team":"%s","groups":[{"group":"design","name":"Design","cap":200,"usage_this_month":150,"left":50,
                "members":1}]}""".formatted(team)));
        JsonNode ledger = send("GET", path("/ledger"), null, null).json.path("entries");
        assertThat(ledger.get(0).path("group").asText()).isEqualTo("design");
        assertThat(ledger.get(0).path("group_cap").asInt()).isEqualTo(200);
    }

    @Test
    void groupsAreRenamedCappedAndDeletedAndOnlyTheOwnerAndAdminsManageThem() throws Exception {
        send("POST", path("/groups"), "olivia", "{\"group\":\"design\"}");
        Reply byMember = send("PATCH", path("/groups/design"), "alice", "{\"cap\":0}");
        assertThat(byMember.status).isEqualTo(403);
        assertThat(byMember.json.path("field").asText()).isEqualTo("by");
        assertThat(byMember.json.path("detail").asText()).isEqualTo("alice is a member and may not manage groups");

        assertThat(send("PATCH", path("/groups/design"), "olivia", "{\"name\":\"Design team\",\"cap\":\"unlimited\"}")
                .status).isEqualTo(200);
        assertThat(summary().at("/groups/0/name").asText()).isEqualTo("Design team");
        assertThat(summary().at("/groups/0/left").isNull()).isTrue();
        assertThat(send("DELETE", path("/groups/design"), "olivia", null).status).isEqualTo(200);
        assertThat(summary().path("groups")).isEmpty();
    }

    @Test
    void badInputIsA400NamingTheFieldAndChangesNothing() throws Exception {
        send("POST", path("/groups"), "olivia", "{\"group\":\"design\",\"cap\":100}");
        send("PUT", path("/members/alice/group"), "olivia", "{\"group\":\"design\"}");
        String before = summary().toString();

        assertProblem(send("PUT", path("/members/alice/group"), "olivia", "{\"group\":[\"design\",\"ops\"]}"), 400,
                "group", "a member belongs to at most one group");
        assertProblem(send("PUT", path("/members/alice/group"), "olivia", "{\"group\":\"ops\"}"), 400, "group",
                "no group 'ops'");
        assertProblem(send("PUT", path("/members/alice/group"), "olivia", "{}"), 400, "group", "is required");
        assertProblem(send("PATCH", path("/groups/ops"), "olivia", "{\"cap\":5}"), 400, "group", "no group 'ops'");
        assertProblem(send("DELETE", path("/groups/ops"), "olivia", null), 400, "group", "no group 'ops'");
        assertProblem(send("POST", path("/groups"), "olivia", "{\"group\":\"x\",\"cap\":-1}"), 400, "cap",
                "zero or more");
        assertProblem(send("POST", path("/groups"), "olivia", "{\"group\":\"x\",\"cap\":\"lots\"}"), 400, "cap",
                "unlimited");
        assertProblem(send("POST", path("/groups"), "olivia", "{\"group\":\"none\"}"), 400, "group", "no group");
        assertProblem(send("POST", path("/groups"), "olivia", "{\"group\":\"design\"}"), 400, "group", "already");
        assertProblem(send("POST", path("/groups"), "olivia", "{\"group\":\"y\",\"name\":\"\"}"), 400, "name",
                "is required");
        assertProblem(send("PATCH", path("/groups/design"), "olivia", "{}"), 400, "name", "a new name, a new cap");
        assertProblem(send("PATCH", path("/groups/design"), "olivia", "{\"colour\":\"red\"}"), 400, "colour", "");
        assertThat(summary().toString()).isEqualTo(before);
    }

    @Test
    void aMemberLowersHerOwnLimitButMayNotRaiseItNorSetAnothers() throws Exception {
        send("PUT", path("/members/alice/limit"), "olivia", "{\"limit\":300}");

        Reply lowered = send("PUT", path("/members/alice/own-limit"), "alice", "{\"limit\":150}");
        assertThat(lowered.status).isEqualTo(200);
        JsonNode alice = member(lowered.json.path("summary"), "alice");
        assertThat(alice.path("limit").asInt()).isEqualTo(300);
        assertThat(alice.path("own_limit").asInt()).isEqualTo(150);
        assertThat(alice.path("spendable")).isEqualTo(JSON.readTree("{\"credits\":150,\"bound_by\":\"own-limit\"}"));
        String before = summary().toString();

        assertProblem(send("PUT", path("/members/alice/own-limit"), "alice", "{\"limit\":301}"), 403, "limit",
                "may lower their own limit, not raise it");
        assertProblem(send("PUT", path("/members/alice/own-limit"), "bob", "{\"limit\":1}"), 403, "member",
                "bob may set only their own limit");
        assertProblem(send("PUT", path("/members/alice/own-limit"), "alice", "{\"limit\":-3}"), 400, "limit", "");
        assertThat(summary().toString()).isEqualTo(before);
        assertThat(send("PUT", path("/members/alice/own-limit"), "alice", "{\"limit\":\"unlimited\"}").status)
                .isEqualTo(200);
        assertThat(member(summary(), "alice").path("own_limit").asText()).isEqualTo("unlimited");
    }

    private static void assertProblem(Reply reply, int status, String field, String detail) {
        assertThat(reply.status).as(reply.body).isEqualTo(status);
        assertThat(reply.contentType).startsWith("application/problem+json");
        assertThat(reply.json.path("field").asText()).as(reply.body).isEqualTo(field);
        assertThat(reply.json.path("detail").asText()).as(reply.body).contains(detail);
    }

    private JsonNode summary() throws Exception {
        return send("GET", "/v1/teams/" + team, null, null).json;
    }

    private static JsonNode member(JsonNode summary, String member) {
        for (JsonNode m : summary.path("members")) {
            if (m.path("member").asText().equals(member)) {
                return m;
            }
        }
        throw new AssertionError(member + " is not in " + summary);
    }

    private String path(String rest) {
        return "/v1/teams/" + team + rest;
    }

    private record Reply(int status, String contentType, String body, JsonNode json) {
    }

    private static Reply send(String method, String path, String member, String body) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (member != null) {
            request.header(HttpService.MEMBER_HEADER, member);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> answer = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String type = answer.headers().firstValue("Content-Type").orElse("");
        return new Reply(answer.statusCode(), type, answer.body(),
                answer.body().isEmpty() ? JSON.nullNode() : JSON.readTree(answer.body()));
    }
}
