/**
 * A bot built on the package's own runtime helpers, against the simulator on loopback: it checks each
 * callback's token with verifyCallbackToken (keys found through the OpenID configuration the simulator
 * serves), parses each batch per notification, and follows its invites with the tracker. Its view of each
 * invite matches what the simulator played: completed, or failed with the scenario's code.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createCallbackKeyStore, createInviteTracker, parseCommsNotifications, parseInviteResponse, verifyCallbackToken, type InviteRequest } from '../src/index.js';
import { startSimulator } from '../src/simulate/index.js';
import { inviteBody, postInvite, readAll } from './simulate-bot.js';

const fast = { delays: { operationMs: 2, rosterMs: 4 }, callbacks: { timeoutMs: 10000, retries: 2, backoffMs: 5, slowMs: 10000 } };

/** The bot: its callback server, its tracker, and what it refused. */
async function startRuntimeBot(appId: string, openIdConfiguration: () => string) {
  const tracker = createInviteTracker();
  const refused: string[] = [];
  let keyStore: ReturnType<typeof createCallbackKeyStore> | undefined;
  const server = createServer(async (request, response) => {
    keyStore ??= createCallbackKeyStore({ openIdConfiguration: openIdConfiguration() });
    // The caller first: nothing of the body is read for a caller that is not Graph.
    const caller = await verifyCallbackToken(request.headers.authorization, { appId, keyStore });
    if (!caller.ok) {
      refused.push(caller.reason);
      request.resume();
      response.writeHead(401).end();
      return;
    }
    const parsed = parseCommsNotifications(await readAll(request));
    response.writeHead(202).end();
    for (const item of parsed.notifications) if (item.ok) tracker.receive([item.value]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    callbackUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/calls`,
    tracker,
    refused,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

test('invites, verified callbacks and the tracker agree with what the simulator played', async () => {
  const appId = 'a4b1e0c2-6f0e-4b1e-9a55-7d6a3c2b1f00';
  let openId = '';
  const bot = await startRuntimeBot(appId, () => openId);
  const sim = await startSimulator({
    scenario: {
      ...fast,
      appId,
      calls: [
        { id: 'call-ok', callbackUrl: bot.callbackUrl },
        { id: 'call-fail', callbackUrl: bot.callbackUrl, outcome: { status: 'failed', resultInfo: { code: 408, subcode: 10032, message: 'Invitee did not answer' } } },
      ],
    },
  });
  openId = sim.openIdConfigurationUrl;
  try {
    for (const [callId, clientContext] of [['call-ok', 'ctx-ok'], ['call-fail', 'ctx-fail']] as const) {
      const request = inviteBody(clientContext) as unknown as InviteRequest;
      const response = await postInvite(sim.url, callId, request);
      const read = parseInviteResponse({ status: response.status, headers: response.headers, body: await response.text() });
      assert.ok(read.ok, JSON.stringify(read));
      bot.tracker.trackInvite({ callId, request, response: read.ok ? read.operation : undefined });
    }
    await sim.idle();
    assert.equal(bot.refused, []);
    const ok = bot.tracker.outcome('ctx-ok');
    assert.is(ok?.status, 'completed');
    assert.equal(ok?.invitees.map((invitee) => [invitee.identityKind, invitee.appeared]), [['user', true]]);
    const failed = bot.tracker.outcome('ctx-fail');
    assert.is(failed?.status, 'failed');
    assert.is(failed?.resultInfo?.code, 408);
    assert.is(failed?.resultInfo?.subcode, 10032);
  } finally {
    await sim.close();
    await bot.close();
    bot.tracker.close();
  }
});

test('a callback signed with another key is refused by verifyCallbackToken', async () => {
  const appId = 'a4b1e0c2-6f0e-4b1e-9a55-7d6a3c2b1f00';
  let openId = '';
  const bot = await startRuntimeBot(appId, () => openId);
  const sim = await startSimulator({ scenario: { ...fast, appId, calls: [{ id: 'call-1', callbackUrl: bot.callbackUrl }], faults: { forgedToken: true } } });
  openId = sim.openIdConfigurationUrl;
  try {
    await postInvite(sim.url, 'call-1', inviteBody('ctx-forged'));
    await sim.idle();
    assert.ok(bot.refused.includes('bad-signature') || bot.refused.includes('unknown-key'), bot.refused.join(', '));
  } finally {
    await sim.close();
    await bot.close();
    bot.tracker.close();
  }
});

test.run();
