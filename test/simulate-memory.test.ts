/**
 * The simulator keeps each exchange as its texts and a few scalars and builds what exchanges() returns on
 * demand: every field must read as it was sent, answered and recorded.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Exchange, Message } from '../src/simulate/exchange.js';
import { startSimulator } from '../src/simulate/index.js';
import { inviteBody, postInvite, startBot } from './simulate-bot.js';

const fast = { delays: { operationMs: 1, rosterMs: 2 }, callbacks: { timeoutMs: 10000, retries: 0, backoffMs: 5, slowMs: 10000 } };

/** The recording's format (request.http, response.http). */
const asRecorded = (message: Message): string => `${message.startLine}\n${message.headers.map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${message.body}\n`;

test('a finished exchange reads as it was sent, answered, delivered and recorded', async () => {
  const record = mkdtempSync(join(tmpdir(), 'simulate-memory-'));
  const bot = await startBot();
  try {
    const sim = await startSimulator({ record, scenario: { ...fast, roster: 'delta', calls: [{ id: 'call-1', callbackUrl: bot.callbackUrl }] } });
    bot.trust(sim.openIdConfigurationUrl, sim.scenario.appId);
    // Text beyond ASCII, in the body and in its callbacks, must read back unchanged.
    const acceptedText = JSON.stringify(inviteBody('ctx-ünï 😀', ['6b6a2ad4-7e1c-4d8e-9b4d-000000000001'])).replace('Rowan Ortiz', 'Zoë 张伟 😀');
    const answered = await postInvite(sim.url, 'call-1', acceptedText, { authorization: 'Bearer test-token', 'content-type': 'application/json', 'client-request-id': 'bot-42' }, 'v1.0');
    assert.is(answered.status, 200);
    const operation = (await answered.json()) as { id: string };
    await sim.idle();
    const rejectedText = JSON.stringify({ clientContext: 'broken' });
    assert.is((await postInvite(sim.url, 'call-1', rejectedText, { authorization: 'Bearer test-token', 'content-type': 'application/json; charset=utf-8' }, 'beta', 'app')).status, 400);
    await sim.idle();
    await sim.close();

    const [first, second] = sim.exchanges() as [Exchange, Exchange];
    const authority = sim.url.slice('http://'.length);
    assert.equal(
      { id: first.id, callId: first.callId, apiVersion: first.apiVersion, deprecatedPath: first.deprecatedPath, request: first.request, problems: first.problems },
      {
        id: 1,
        callId: 'call-1',
        apiVersion: 'v1.0',
        deprecatedPath: false,
        request: {
          startLine: `POST http://${authority}/v1.0/communications/calls/call-1/participants/invite HTTP/1.1`,
          headers: [['Content-Type', 'application/json'], ['Authorization', 'Bearer {{token}}'], ['client-request-id', 'bot-42']],
          body: acceptedText,
        },
        problems: [],
      },
    );
    assert.is(first.response.status, 200);
    assert.is(first.response.startLine, 'HTTP/1.1 200 OK');
    assert.equal(first.response.headers, [['Content-Type', 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8'], ['Location', `${sim.url}/v1.0/communications/calls/call-1/operations/${operation.id}`]]);
    assert.equal(JSON.parse(first.response.body), operation);
    // Each notification is a body the bot received, and each body the bot received is one, delivered at the
    // first attempt with the bot's 202. Two callbacks a millisecond apart may reach the bot in either order.
    const byText = (bodies: readonly unknown[]): string[] => bodies.map((body) => JSON.stringify(body)).sort();
    assert.equal(byText(first.notifications.map((notification) => JSON.parse(notification.body) as unknown)), byText(bot.received.map((received) => received.body)));
    assert.is(first.notifications.length, 2);
    assert.equal(first.notifications.map((notification) => [notification.delivery?.outcome, notification.delivery?.attempts.map((attempt) => attempt.status)]), [['delivered', [202]], ['delivered', [202]]]);

    assert.equal([second.id, second.apiVersion, second.deprecatedPath, second.request.headers[0], second.request.body, second.response.status], [2, 'beta', true, ['Content-Type', 'application/json; charset=utf-8'], rejectedText, 400]);
    assert.equal(second.response.headers, [['Content-Type', 'application/json']]);
    assert.ok(second.problems.some((problem) => problem.severity === 'error' && problem.pointer === ''), 'the missing participants are its problem');
    assert.equal(second.notifications, []);

    for (const exchange of [first, second]) {
      const folder = join(record, `invite-000${exchange.id}`);
      assert.is(readFileSync(join(folder, 'request.http'), 'utf8'), asRecorded(exchange.request));
      assert.is(readFileSync(join(folder, 'response.http'), 'utf8'), asRecorded(exchange.response));
      exchange.notifications.forEach((notification, index) => assert.is(readFileSync(join(folder, `notification-${index + 1}.json`), 'utf8'), `${notification.body}\n`));
    }
    // Built anew at each call, from what is kept: the same again.
    assert.equal(sim.exchanges(), [first, second]);
  } finally {
    await bot.close();
    rmSync(record, { recursive: true, force: true });
  }
});

test('delta rosters number their updates per call and list every newcomer, whatever maxRoster', async () => {
  const bot = await startBot();
  try {
    const sim = await startSimulator({ maxRoster: 1, scenario: { ...fast, roster: 'delta', calls: [{ id: 'call-1', callbackUrl: bot.callbackUrl }, { id: 'call-2', callbackUrl: bot.callbackUrl }] } });
    bot.trust(sim.openIdConfigurationUrl, sim.scenario.appId);
    const guids = ['6b6a2ad4-7e1c-4d8e-9b4d-000000000001', '6b6a2ad4-7e1c-4d8e-9b4d-000000000002', '6b6a2ad4-7e1c-4d8e-9b4d-000000000003'];
    for (const [callId, ids] of [['call-1', [guids[0]]], ['call-1', [guids[1], guids[2]]], ['call-2', [guids[2]]]] as const) {
      assert.is((await postInvite(sim.url, callId, inviteBody('ctx', ids as readonly string[]))).status, 200);
      await sim.idle();
    }
    await sim.close();
    type Delta = { resourceUrl: string; resourceData: { sequenceNumber: number; participants: Array<{ info: { identity: { user: { id: string } } } }> } };
    const deltas = sim
      .exchanges()
      .flatMap((exchange) => exchange.notifications.map((notification) => (JSON.parse(notification.body) as { value: Delta[] }).value[0] as Delta))
      .filter((notification) => notification.resourceUrl.endsWith('/participants'))
      .map((notification) => [notification.resourceUrl, notification.resourceData.sequenceNumber, notification.resourceData.participants.map((participant) => participant.info.identity.user.id)]);
    // maxRoster bounds a full roster only: a delta lists every newcomer of its invite.
    assert.equal(deltas, [
      ['/communications/calls/call-1/participants', 1, [guids[0]]],
      ['/communications/calls/call-1/participants', 2, [guids[1], guids[2]]],
      ['/communications/calls/call-2/participants', 1, [guids[2]]],
    ]);
  } finally {
    await bot.close();
  }
});

test.run();
