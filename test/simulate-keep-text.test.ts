/**
 * Kept exchanges are bounded by their text as well as by their number: large invite bodies cannot make the
 * kept exchanges hold gigabytes.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startSimulator } from '../src/simulate/index.js';
import { inviteBody, postInvite, startBot } from './simulate-bot.js';

const fast = { delays: { operationMs: 1, rosterMs: 2 }, callbacks: { timeoutMs: 10000, retries: 0, backoffMs: 5, slowMs: 10000 } };

test('past keepText, the oldest finished exchanges are let go, and counted', async () => {
  const bot = await startBot();
  const sim = await startSimulator({ keepText: 30_000, scenario: { ...fast, roster: 'delta', calls: [{ id: 'call-1', callbackUrl: bot.callbackUrl }] } });
  try {
    bot.trust(sim.openIdConfigurationUrl, sim.scenario.appId);
    // Each body holds about 10,000 characters of white space: three fit in 30,000, not four.
    for (let i = 1; i <= 6; i += 1) {
      const text = JSON.stringify(inviteBody(`ctx-${i}`, [`6b6a2ad4-7e1c-4d8e-9b4d-00000000000${i}`]), null, 100).replace(/\n/g, `\n${' '.repeat(640)}`);
      assert.ok(text.length > 9_000 && text.length < 15_000, String(text.length));
      assert.is((await postInvite(sim.url, 'call-1', text)).status, 200);
      await sim.idle();
    }
    await sim.close();
    const kept = sim.exchanges().map((exchange) => exchange.id);
    const report = sim.report();
    assert.ok(kept.length >= 1 && kept.length < 6, `kept ${kept.length}`);
    // The newest are kept, in order, and every one let go is counted.
    assert.equal(kept, [6, 5, 4, 3, 2, 1].slice(0, kept.length).reverse());
    assert.equal(report.exchanges, { kept: kept.length, dropped: 6 - kept.length });
    assert.is(report.invites.accepted, 6);
  } finally {
    await sim.close();
    await bot.close();
  }
});

test('keepText must be a whole number from 0, or Infinity', async () => {
  for (const keepText of [-1, 1.5, '10', Number.NaN]) {
    await startSimulator({ keepText } as never).then(
      () => assert.unreachable(`keepText ${String(keepText)} was taken`),
      (error: unknown) => {
        assert.instance(error, TypeError);
        assert.match((error as Error).message, /keepText/);
      },
    );
  }
});

test.run();
