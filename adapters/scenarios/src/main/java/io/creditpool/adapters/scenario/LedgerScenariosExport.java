package io.creditpool.adapters.scenario;

import io.creditpool.Creditpool;
import io.creditpool.LedgerScenarios;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.Clock;

import java.time.Instant;

/** {@link LedgerScenarios} by {@link LedgerExport}, for those who reach it through the embedded module. */
public final class LedgerScenariosExport implements LedgerScenarios {
    @Override
    public String export(Creditpool pool, TeamId team, Instant from, Instant until, String period, String command) {
        LedgerExport.Origin origin = new LedgerExport.Origin(pool.component(StoreSettings.class).toString(), period,
                pool.component(Clock.class).now(), command);
        return LedgerExport.of(team.value(), pool.ledger(team), pool.requests(team), from, until, origin).text();
    }
}
