/** What the simulator keeps over a long run: finished exchanges past keepExchanges, rosters past maxRoster, one token per lifetime. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startSimulator, type Simulator } from '../src/simulate/index.js';
import { inviteBody, postInvite, startBot, type TestBot } from './simulate-bot.js';

const fast = { delays: { operationMs: 1, rosterMs: 2 }, callbacks: { timeoutMs: 10000, retries: 0, backoffMs: 5, slowMs: 10000 } };

/** Sends the invites one after another, each finished (callbacks and recording) before the next. */
async function inviteInTurn(sim: Simulator, bodies: readonly unknown[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const body of bodies) {
    statuses.push((await postInvite(sim.url, 'call-1', body)).status);
    await sim.idle();
  }
  return statuses;
}

const guid = (n: number): string => `6b6a2ad4-7e1c-4d8e-9b4d-${String(n).padStart(12, '0')}`;

async function withBot(run: (bot: TestBot) => Promise<void>): Promise<void> {
  const bot = await startBot();
  try {
    await run(bot);
  } finally {
    await bot.close();
  }
}

test('past keepExchanges the oldest finished exchanges leave exchanges(); the report counts them and their callbacks; recordings are whole', async () => {
  const record = mkdtempSync(join(tmpdir(), 'simulate-bounds-'));
  try {
    await withBot(async (bot) => {
      const sim = await startSimulator({ record, keepExchanges: 3, scenario: { ...fast, roster: 'delta', calls: [{ id: 'call-1', callbackUrl: bot.callbackUrl }] } });
      bot.trust(sim.openIdConfigurationUrl, sim.scenario.appId);
      // The fourth breaks the contract (no participants): rejected exchanges are kept and dropped the same way.
      const bodies = [1, 2, 3, 4, 5, 6, 7].map((n) => (n === 4 ? { clientContext: 'broken' } : inviteBody(`ctx-${n}`, [guid(n)])));
      assert.equal(await inviteInTurn(sim, bodies), [200, 200, 200, 400, 200, 200, 200]);
      assert.equal(sim.exchanges().map((exchange) => exchange.id), [5, 6, 7]);
      const report = sim.report();
      assert.equal(report.exchanges, { kept: 3, dropped: 4 });
      assert.equal(report.invites, { received: 7, accepted: 6, rejected: 1, abandoned: 0 });
      assert.equal(report.callbacks, { sent: 12, delivered: 12, refused: 0, failed: 0, cancelled: 0 });
      assert.is(bot.received.length, 12);
      await sim.close();
    });
    const folders = readdirSync(record).sort();
    assert.equal(folders, [1, 2, 3, 4, 5, 6, 7].map((n) => `invite-000${n}`));
    for (const folder of folders) {
      const files = readdirSync(join(record, folder)).sort();
      assert.equal(files, folder === 'invite-0004' ? ['request.http', 'response.http'] : ['notification-1.json', 'notification-2.json', 'request.http', 'response.http'], folder);
    }
  } finally {
    rmSync(record, { recursive: true, force: true });
  }
});

test('keepExchanges 0 keeps none once finished; by default a short run keeps every exchange', async () => {
  await withBot(async (bot) => {
    const scenario = { ...fast, roster: 'none', calls: [{ id: 'call-1', callbackUrl: bot.callbackUrl }] };
    const none = await startSimulator({ keepExchanges: 0, scenario });
    const all = await startSimulator({ scenario });
    bot.trust(none.openIdConfigurationUrl, none.scenario.appId);
    try {
      for (const sim of [none, all]) await inviteInTurn(sim, [inviteBody('a', [guid(1)]), inviteBody('b', [guid(2)])]);
      assert.equal(none.exchanges(), []);
      assert.equal(none.report().exchanges, { kept: 0, dropped: 2 });
      assert.equal(none.report().callbacks.delivered, 2);
      assert.equal(all.exchanges().map((exchange) => exchange.id), [1, 2]);
      assert.equal(all.report().exchanges, { kept: 2, dropped: 0 });
    } finally {
      await none.close();
      await all.close();
    }
  });
});

test('a full roster holds at most maxRoster participants: the longest-present leave it', async () => {
  await withBot(async (bot) => {
    const present = { user: { id: guid(100), displayName: 'Already here' } };
    const sim = await startSimulator({ maxRoster: 2, scenario: { ...fast, roster: 'full', calls: [{ id: 'call-1', callbackUrl: bot.callbackUrl, participants: [present] }] } });
    bot.trust(sim.openIdConfigurationUrl, sim.scenario.appId);
    try {
      await inviteInTurn(sim, [1, 2, 3].map((n) => inviteBody(`ctx-${n}`, [guid(n)])));
      const rosters = bot.received
        .map((received) => (received.body['value'] as Array<Record<string, unknown>>)[0] as Record<string, unknown>)
        .filter((notification) => Array.isArray(notification['resourceData']))
        .map((notification) => (notification['resourceData'] as Array<{ info: { identity: { user: { id: string } } } }>).map((participant) => participant.info.identity.user.id));
      assert.equal(rosters, [
        [guid(100), guid(1)],
        [guid(1), guid(2)],
        [guid(2), guid(3)],
      ]);
    } finally {
      await sim.close();
    }
  });
});

test('one signed token serves the callbacks of a run; every one still verifies', async () => {
  await withBot(async (bot) => {
    const sim = await startSimulator({ scenario: { ...fast, roster: 'delta', calls: [{ id: 'call-1', callbackUrl: bot.callbackUrl }] } });
    bot.trust(sim.openIdConfigurationUrl, sim.scenario.appId);
    try {
      await inviteInTurn(sim, [inviteBody('a', [guid(1)])]);
      // iat counts seconds: a token signed in a later second would differ. Wait until the second of the
      // first callbacks' token has passed (at most a second; waiting a fixed 1.1 s cost that every run).
      const firstIat = bot.received[0]?.claims?.iat;
      assert.type(firstIat, 'number');
      const nextSecond = ((firstIat as number) + 1) * 1000;
      while (Date.now() < nextSecond) await new Promise((resolve) => setTimeout(resolve, nextSecond - Date.now() + 1));
      await inviteInTurn(sim, [inviteBody('b', [guid(2)])]);
      assert.equal(bot.received.map((received) => received.status), [202, 202, 202, 202]);
      const issued = new Set(bot.received.map((received) => received.claims?.iat));
      assert.is(issued.size, 1);
      assert.is(sim.report().errors, 0);
    } finally {
      await sim.close();
    }
  });
});

test('keepExchanges and maxRoster are checked', async () => {
  for (const options of [{ keepExchanges: -1 }, { keepExchanges: 1.5 }, { keepExchanges: '10' }, { maxRoster: 0 }, { maxRoster: NaN }, { maxRoster: -Infinity }]) {
    await startSimulator(options as never).then(
      async (sim) => {
        await sim.close();
        assert.unreachable(JSON.stringify(options));
      },
      (error: unknown) => assert.instance(error, TypeError),
    );
  }
});

test.run();
