/** Faults on demand, and a misbehaving bot reported for each thing it does wrong. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startSimulator, type Simulator } from '../src/simulate/index.js';
import { inviteBody, postInvite, startBot, type Behaviour, type TestBot } from './simulate-bot.js';

// Limits far above what a loaded machine needs, so that only the tests that mean a slow or late answer see one.
const fast = { delays: { operationMs: 2, rosterMs: 6 }, callbacks: { timeoutMs: 10000, retries: 2, backoffMs: 5, slowMs: 10000 } };

async function run(extra: Record<string, unknown>, behaviour: Behaviour | undefined, body: (sim: Simulator, bot: TestBot) => Promise<void>, checkTokens = true): Promise<void> {
  const bot = await startBot(behaviour, checkTokens);
  const sim = await startSimulator({ scenario: { ...fast, calls: [{ id: 'call-1', callbackUrl: bot.callbackUrl }], ...extra } });
  bot.trust(sim.openIdConfigurationUrl, sim.scenario.appId);
  try {
    assert.is((await postInvite(sim.url, 'call-1', inviteBody())).status, 200);
    await sim.idle();
    await body(sim, bot);
  } finally {
    await sim.close();
    await bot.close();
  }
}

const changeTypes = (bot: TestBot): unknown[] => bot.received.map((item) => (item.body['value'] as Array<Record<string, unknown>>)[0]?.['changeType']);
const sentTypes = (sim: Simulator): unknown[] => (sim.exchanges()[0]?.notifications ?? []).map((item) => (JSON.parse(item.body) as { value: Array<{ changeType: string }> }).value[0]?.changeType);

test('duplicate: every notification is sent twice', async () => {
  await run({ faults: { duplicate: true } }, undefined, async (sim, bot) => {
    assert.equal(sentTypes(sim), ['deleted', 'deleted', 'updated', 'updated']);
    assert.is(bot.received.length, 4);
  });
});

test('out of order: the roster comes before the operation', async () => {
  await run({ faults: { outOfOrder: true } }, undefined, async (sim) => {
    assert.equal(sentTypes(sim), ['updated', 'deleted']);
  });
});

test('out of order: the roster still comes first when the operation is planned later than the roster', async () => {
  for (const outOfOrder of [true, false]) {
    await run({ delays: { operationMs: 30, rosterMs: 2 }, faults: { outOfOrder } }, undefined, async (sim) => {
      // Without the fault the delays decide: here the roster's is the shorter.
      assert.equal(sentTypes(sim), ['updated', 'deleted'], `outOfOrder ${String(outOfOrder)}`);
    });
  }
});

test('a response delay of minutes is cut short when the simulator stops', async () => {
  const bot = await startBot(undefined, false);
  const sim = await startSimulator({ scenario: { ...fast, calls: [{ id: 'call-1', callbackUrl: bot.callbackUrl }], faults: { responseDelayMs: 600_000 } } });
  try {
    const answer = postInvite(sim.url, 'call-1', inviteBody());
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await sim.close();
    assert.ok(Date.now() - started < 5000, `close() took ${Date.now() - started} ms`);
    assert.is((await answer).status, 200);
  } finally {
    await sim.close();
    await bot.close();
  }
});

test('a lost operation notification: only the roster is sent', async () => {
  await run({ faults: { loseOperation: true } }, undefined, async (_sim, bot) => {
    assert.equal(changeTypes(bot), ['updated']);
  });
});

test('PascalCase status, as the C# SDK writes it', async () => {
  await run({ faults: { pascalCaseStatus: true } }, undefined, async (sim) => {
    const operation = sim.exchanges()[0]?.notifications[0]?.body ?? '';
    assert.is((JSON.parse(operation) as { value: Array<{ resourceData: { status: string } }> }).value[0]?.resourceData.status, 'Completed');
  });
});

test('a slow Graph: the invite is answered after responseDelayMs, and jitter keeps every callback', async () => {
  await run({ faults: { responseDelayMs: 20, jitterMs: 10 } }, undefined, async (_sim, bot) => {
    assert.is(bot.received.length, 2);
  });
});

test('a bot answering 5xx is retried with backoff, and the retry reported', async () => {
  await run({}, (n) => ({ status: n === 1 ? 503 : 202 }), async (sim) => {
    const retried = sim.report().findings.filter((finding) => finding.type === 'callback-retried');
    assert.is(retried.length, 1);
    assert.equal(sim.report().callbacks.delivered, 2);
  });
});

test('a bot that keeps failing: bounded retries, then callback-failed', async () => {
  await run({}, () => ({ status: 500 }), async (sim, bot) => {
    assert.is(bot.received.length, 6, 'three attempts per callback');
    assert.equal(sim.report().findings.map((finding) => finding.type), ['callback-failed', 'callback-failed']);
  });
});

test('a bot that does not answer in time: timed out, retried, reported as failed', async () => {
  await run({ roster: 'none', callbacks: { timeoutMs: 50, retries: 1, backoffMs: 5, slowMs: 10 } }, () => ({ status: 202, delayMs: 150 }), async (sim) => {
    const [finding] = sim.report().findings;
    assert.is(finding?.type, 'callback-failed');
    assert.is(sim.exchanges()[0]?.notifications[0]?.delivery?.attempts.length, 2);
  });
});

test('a slow answer is reported as callback-slow', async () => {
  await run({ roster: 'none', callbacks: { slowMs: 100 } }, () => ({ status: 202, delayMs: 150 }), async (sim) => {
    assert.equal(sim.report().findings.map((finding) => finding.type), ['callback-slow']);
  });
});

test('a bot that refuses a callback (401) is reported as callback-refused', async () => {
  await run({ roster: 'none' }, () => ({ status: 401 }), async (sim) => {
    assert.equal(sim.report().findings.map((finding) => finding.type), ['callback-refused']);
    assert.is(sim.report().errors, 1);
  });
});

test('failed invites with real codes and subcodes reach the bot as given', async () => {
  for (const resultInfo of [{ code: 404, subcode: 8507, message: 'Call not found' }, { code: 408, subcode: 10032, message: 'Invitee did not answer' }, { code: 500, subcode: 9999, message: 'Internal error' }]) {
    await run({ outcome: { status: 'failed', resultInfo } }, undefined, async (_sim, bot) => {
      const data = (bot.received[0]?.body['value'] as Array<{ resourceData: { resultInfo: Record<string, unknown> } }>)[0]?.resourceData;
      assert.is(data?.resultInfo['code'], resultInfo.code);
      assert.is(data?.resultInfo['subcode'], resultInfo.subcode);
    });
  }
});

test('forgedToken probes the token check: a bot that checks signature, audience, issuer and lifetime refuses every probe; one that checks nothing accepts all five', async () => {
  await run({ roster: 'none', faults: { forgedToken: true } }, undefined, async (sim, bot) => {
    assert.equal(bot.received.map((item) => item.status), [401, 401, 401, 401, 401, 202]);
    assert.equal(sim.report().findings, []);
    assert.is(sim.exchanges()[0]?.notifications.length, 1, 'the probes are not notifications of the exchange');
  });
  await run({ roster: 'none', faults: { forgedToken: true } }, undefined, async (sim) => {
    const messages = sim.report().findings.map((finding) => `${finding.type}: ${finding.message.replace(/^a callback to \S+ with /, '')}`);
    assert.equal(messages, [
      'token-not-checked: a forged token (signed by a key the JWKS does not hold) was accepted with 202',
      'token-not-checked: no Authorization header was accepted with 202',
      'token-not-checked: a token for another app (audience 00000000-0000-0000-0000-00000000a0d1) was accepted with 202',
      'token-not-checked: a token from another issuer (https://issuer.invalid/) was accepted with 202',
      'token-not-checked: a token that expired an hour ago was accepted with 202',
    ]);
  }, false);
});

test('forgedToken: a bot that checks the signature alone, and lets a callback without a token by, is told what it let by', async () => {
  const received: Array<string | undefined> = [];
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      received.push(token === undefined ? undefined : 'token');
      // The mistake: no audience, no issuer asked for, and no token at all taken as fine.
      if (token === undefined || keys === undefined) return void response.writeHead(202).end();
      jwtVerify(token, keys).then(() => response.writeHead(202).end(), () => response.writeHead(401).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sim = await startSimulator({ scenario: { ...fast, roster: 'none', faults: { forgedToken: true }, calls: [{ id: 'call-1', callbackUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/calls` }] } });
  try {
    keys = createRemoteJWKSet(new URL(sim.jwksUrl));
    assert.is((await postInvite(sim.url, 'call-1', inviteBody())).status, 200);
    await sim.idle();
    assert.equal(sim.report().findings.map((finding) => /with (no Authorization|a token for another app|a token from another issuer)/.exec(finding.message)?.[1]), ['no Authorization', 'a token for another app', 'a token from another issuer']);
  } finally {
    await sim.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('a bot that redirects a callback (302 or 307 with Location, for region affinity) gets it at the new address; a redirect off the machine is not followed', async () => {
  for (const status of [302, 307]) {
    const paths: string[] = [];
    const server = createServer((request, response) => {
      paths.push(request.url ?? '');
      request.resume();
      request.on('end', () => {
        if (request.url === '/api/calls') response.writeHead(status, { location: '/api/calls-eu' }).end();
        else if (request.url === '/api/calls-far') response.writeHead(status, { location: 'http://bot.example.org/api/calls' }).end();
        else response.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const sim = await startSimulator({ scenario: { ...fast, roster: 'none', callbacks: { ...fast.callbacks, retries: 0 }, calls: [{ id: 'near', callbackUrl: `${base}/api/calls` }, { id: 'far', callbackUrl: `${base}/api/calls-far` }] } });
    try {
      assert.is((await postInvite(sim.url, 'near', inviteBody())).status, 200);
      assert.is((await postInvite(sim.url, 'far', inviteBody())).status, 200);
      await sim.idle();
      assert.equal(paths.filter((path) => path !== '/api/calls-far').sort(), ['/api/calls', '/api/calls-eu'], String(status));
      const report = sim.report();
      assert.equal(report.callbacks.delivered, 1, String(status));
      assert.equal(report.findings.map((finding) => [finding.type, finding.callId]), [['callback-failed', 'far']], String(status));
      assert.match(report.findings[0]?.message ?? '', /off the machine \(allowRemoteCallbacks is not set\)/);
    } finally {
      await sim.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }
});

test('closing while a callback waits to be retried: sent no more, reported as failed', async () => {
  const bot = await startBot(() => ({ status: 503 }));
  const sim = await startSimulator({ scenario: { roster: 'none', delays: { operationMs: 1 }, callbacks: { timeoutMs: 1000, retries: 3, backoffMs: 60000 }, calls: [{ id: 'call-1', callbackUrl: bot.callbackUrl }] } });
  bot.trust(sim.openIdConfigurationUrl, sim.scenario.appId);
  try {
    assert.is((await postInvite(sim.url, 'call-1', inviteBody())).status, 200);
    for (let i = 0; i < 400 && bot.received.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    await sim.close();
    assert.is(bot.received.length, 1);
    assert.is(sim.exchanges()[0]?.notifications[0]?.delivery?.outcome, 'cancelled');
    assert.equal(sim.report().findings.map((finding) => finding.type), ['callback-failed']);
  } finally {
    await sim.close();
    await bot.close();
  }
});

test.run();
