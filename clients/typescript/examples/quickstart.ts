// The README's quickstart with the TypeScript client: a team on the plan `team` with 3 seats, owned by olivia; a
// member, alice, with a monthly limit of 300; a consumption; the team as it stands; and two refusals, each read as
// the Problem the service answered (application/problem+json). It checks every answer, so it fails when one differs.
//   KEY=$(./creditpool keys create my-product)      # at the repository's root
//   cd clients/typescript && npm ci && CREDITPOOL_API_KEY=$KEY npm run example
// CREDITPOOL_URL (default http://127.0.0.1:8080) names the service, CREDITPOOL_TEAM (default acme) the team.
import assert from 'node:assert/strict';
import { Configuration, Problem, ProblemFromJSON, ResponseError, TeamsApi } from '@creditpool/client';

const url = process.env.CREDITPOOL_URL ?? 'http://127.0.0.1:8080';
const key = process.env.CREDITPOOL_API_KEY;
const team = process.env.CREDITPOOL_TEAM ?? 'acme';

/** The problem a refused call answers, as the generated Problem model; an accepted call is a mistake here. */
async function problemOf(call: Promise<unknown>): Promise<Problem> {
  try {
    await call;
  } catch (e) {
    if (e instanceof ResponseError) {
      return ProblemFromJSON(await e.response.json());
    }
    throw e;
  }
  throw new Error('the call was accepted; a refusal was expected');
}

async function main(): Promise<void> {
  assert.ok(key, 'CREDITPOOL_API_KEY: an API key, from ./creditpool keys create NAME');
  const teams = new TeamsApi(new Configuration({ basePath: url, accessToken: key }));

  const created = await teams.createTeam({ newTeam: { team, plan: 'team', seats: 3, owner: 'olivia' } });
  assert.equal(created.balance, 1500);                                   // 3 seats of 500 credits a month
  assert.equal(created.summary?.seats.total, 3);

  await teams.inviteMember({
    team, creditpoolMember: 'olivia', idempotencyKey: 'inv-1', newMember: { member: 'alice', role: 'member' },
  });
  await teams.setMemberLimit({ team, member: 'alice', creditpoolMember: 'olivia', limitChange: { limit: 300 } });

  const spent = await teams.consume({
    team, creditpoolMember: 'alice', idempotencyKey: 'gen-1', consumption: { credits: 120 },
  });
  assert.equal(spent.balance, 1380);

  const acme = await teams.getTeam({ team });
  const alice = acme.members.find((m) => m.member === 'alice');
  assert.equal(acme.balance, 1380);
  assert.deepEqual([alice?.usageThisMonth, alice?.limit], [120, 300]);

  // alice may spend 180 more this month: 200 is over her limit
  const overLimit = await problemOf(teams.consume({ team, creditpoolMember: 'alice', consumption: { credits: 200 } }));
  assert.equal(overLimit.status, 422);
  assert.equal(overLimit.code, 'member-limit');
  assert.equal(overLimit.type, 'https://creditpool.io/problems/member-limit');
  // the owner has no limit, but the pool holds 1380
  const tooMuch = await problemOf(teams.consume({ team, creditpoolMember: 'olivia', consumption: { credits: 5000 } }));
  assert.equal(tooMuch.status, 402);
  assert.equal(tooMuch.code, 'insufficient-credits');
  assert.equal(tooMuch.balance, 1380);

  console.log(`${acme.team}: ${acme.balance} credits; alice has used ${alice?.usageThisMonth} of ${alice?.limit}`);
  console.log(`refused: ${overLimit.code} (${overLimit.title}: ${overLimit.detail})`);
  console.log(`refused: ${tooMuch.code} (${tooMuch.title}: ${tooMuch.detail})`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
