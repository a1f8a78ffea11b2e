package io.creditpool.adapters.glue;

import com.google.inject.AbstractModule;
import io.creditpool.kernel.port.in.BuyTopUpUseCase;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpUseCase;
import io.creditpool.kernel.port.in.ConsumeCreditsUseCase;
import io.creditpool.kernel.port.in.CreateTeamUseCase;
import io.creditpool.kernel.port.in.ManageGroupsUseCase;
import io.creditpool.kernel.port.in.ManageMembersUseCase;
import io.creditpool.kernel.port.in.SetOwnLimitUseCase;
import io.creditpool.kernel.port.in.RecoverPurchasesUseCase;
import io.creditpool.kernel.port.in.ReserveCreditsUseCase;
import io.creditpool.kernel.port.in.SettlePurchasesUseCase;
import io.creditpool.kernel.port.in.SettleReservationUseCase;
import io.creditpool.kernel.port.in.TeamQueries;
import io.creditpool.kernel.service.ConsumptionService;
import io.creditpool.kernel.service.GroupService;
import io.creditpool.kernel.service.MembershipService;
import io.creditpool.kernel.service.ReservationService;
import io.creditpool.kernel.service.TeamQueryService;
import io.creditpool.kernel.service.TopUpService;

/** The kernel's use cases, bound to their services. */
public final class KernelModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(CreateTeamUseCase.class).to(MembershipService.class);
        bind(ManageMembersUseCase.class).to(MembershipService.class);
        bind(ConfigureAutoTopUpUseCase.class).to(MembershipService.class);
        bind(SetOwnLimitUseCase.class).to(MembershipService.class);
        bind(ManageGroupsUseCase.class).to(GroupService.class);
        bind(ConsumeCreditsUseCase.class).to(ConsumptionService.class);
        bind(ReserveCreditsUseCase.class).to(ReservationService.class);
        bind(SettleReservationUseCase.class).to(ReservationService.class);
        bind(BuyTopUpUseCase.class).to(TopUpService.class);
        bind(RecoverPurchasesUseCase.class).to(TopUpService.class);
        bind(SettlePurchasesUseCase.class).to(TopUpService.class);
        bind(TeamQueries.class).to(TeamQueryService.class);
    }
}
