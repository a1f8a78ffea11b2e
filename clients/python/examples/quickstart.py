"""The README's quickstart with the Python client: a team on the plan `team` with 3 seats, owned by olivia; a member,
alice, with a monthly limit of 300; a consumption; the team as it stands; and two refusals, each read as the Problem
the service answered (application/problem+json). It checks every answer, so it fails when one differs.

    CREDITPOOL_API_KEY=$(./creditpool keys create my-product) PYTHONPATH=clients/python \
        python3 clients/python/examples/quickstart.py

CREDITPOOL_URL (default http://127.0.0.1:8080) names the service, CREDITPOOL_TEAM (default acme) the team.
"""
import os

import creditpool_client as creditpool
from creditpool_client import ApiException, Consumption, LimitChange, Limit, NewMember, NewTeam, Problem

url = os.environ.get("CREDITPOOL_URL", "http://127.0.0.1:8080")
key = os.environ.get("CREDITPOOL_API_KEY")
team = os.environ.get("CREDITPOOL_TEAM", "acme")


def problem_of(call):
    """The problem a refused call answers, as the generated Problem model; an accepted call is a mistake here."""
    try:
        call()
    except ApiException as refused:
        assert isinstance(refused.data, Problem), refused
        return refused.data
    raise AssertionError("the call was accepted; a refusal was expected")


def main():
    assert key, "CREDITPOOL_API_KEY: an API key, from ./creditpool keys create NAME"
    with creditpool.ApiClient(creditpool.Configuration(host=url, access_token=key)) as client:
        teams = creditpool.TeamsApi(client)

        created = teams.create_team(NewTeam(team=team, plan="team", seats=3, owner="olivia"))
        assert created.balance == 1500, created  # 3 seats of 500 credits a month
        assert created.summary.seats.total == 3, created

        teams.invite_member(team=team, creditpool_member="olivia", idempotency_key="inv-1",
                            new_member=NewMember(member="alice", role="member"))
        teams.set_member_limit(team=team, member="alice", creditpool_member="olivia",
                               limit_change=LimitChange(limit=Limit(300)))

        spent = teams.consume(team=team, creditpool_member="alice", idempotency_key="gen-1",
                              consumption=Consumption(credits=120))
        assert spent.balance == 1380, spent

        acme = teams.get_team(team=team)
        alice = next(m for m in acme.members if m.member == "alice")
        assert acme.balance == 1380, acme
        assert (alice.usage_this_month, alice.limit.actual_instance) == (120, 300), alice

        # alice may spend 180 more this month: 200 is over her limit
        over_limit = problem_of(lambda: teams.consume(team=team, creditpool_member="alice",
                                                      consumption=Consumption(credits=200)))
        assert (over_limit.status, over_limit.code) == (422, "member-limit"), over_limit
        assert over_limit.type == "https://creditpool.io/problems/member-limit", over_limit
        # the owner has no limit, but the pool holds 1380
        too_much = problem_of(lambda: teams.consume(team=team, creditpool_member="olivia",
                                                    consumption=Consumption(credits=5000)))
        assert (too_much.status, too_much.code, too_much.balance) == (402, "insufficient-credits", 1380), too_much

        print(f"{acme.team}: {acme.balance} credits; alice has used {alice.usage_this_month} of "
              f"{alice.limit.actual_instance}")
        print(f"refused: {over_limit.code} ({over_limit.title}: {over_limit.detail})")
        print(f"refused: {too_much.code} ({too_much.title}: {too_much.detail})")


if __name__ == "__main__":
    main()
