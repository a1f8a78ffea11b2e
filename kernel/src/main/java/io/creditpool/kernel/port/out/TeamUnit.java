package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.domain.TeamId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What one transaction on one team sees: the team as loaded (or none), its request ids, and what the work adds.
 * A store builds one per transaction and, when the work returns normally, writes the team, its pending ledger
 * entries, the new request records and the events the work published (into its outbox) together; when the work
 * throws, it writes nothing.
 */
public final class TeamUnit {
    private final TeamId teamId;
    private Team team;
    private boolean created;
    private final Function<RequestId, Optional<RecordedRequest>> storedRequests;
    private final Map<RequestId, RecordedRequest> newRequests = new LinkedHashMap<>();
    private final List<CreditEvent> events = new ArrayList<>();

    public TeamUnit(TeamId teamId, Team team, Function<RequestId, Optional<RecordedRequest>> storedRequests) {
        this.teamId = teamId;
        this.team = team;
        this.storedRequests = storedRequests;
    }

    public TeamId teamId() {
        return teamId;
    }

    public Optional<Team> team() {
        return Optional.ofNullable(team);
    }

    /** Creates the team this unit is about; it must not exist yet. */
    public void create(Team newTeam) {
        if (team != null || !newTeam.id().equals(teamId)) {
            throw new IllegalStateException("team " + teamId + " exists already or is not this unit's team");
        }
        team = newTeam;
        created = true;
    }

    public boolean created() {
        return created;
    }

    public Optional<RecordedRequest> request(RequestId id) {
        RecordedRequest fresh = newRequests.get(id);
        return fresh != null ? Optional.of(fresh) : storedRequests.apply(id);
    }

    public void record(RequestId id, RecordedRequest request) {
        newRequests.put(id, request);
    }

    /** Request records this unit added or changed, for the store to write. */
    public Map<RequestId, RecordedRequest> newRequests() {
        return Collections.unmodifiableMap(newRequests);
    }

    /**
     * Tells {@code event} to the host product if, and only if, this unit's change is stored: the store writes it with
     * the change, in the same transaction.
     */
    public void publish(CreditEvent event) {
        if (!event.team().equals(teamId)) {
            throw new IllegalStateException("an event of team " + event.team() + " published in a unit of " + teamId);
        }
        events.add(event);
    }

    /** The events this unit published, in order, for the store to write into its outbox. */
    public List<CreditEvent> events() {
        return Collections.unmodifiableList(events);
    }
}
