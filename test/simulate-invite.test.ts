/** Graph's side of the invite and the signed callbacks, against a real bot on loopback. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startSimulator, type Simulator } from '../src/simulate/index.js';
import { inviteBody, postInvite, startBot, type TestBot } from './simulate-bot.js';

const fast = { delays: { operationMs: 2, rosterMs: 4 }, callbacks: { timeoutMs: 10000, retries: 2, backoffMs: 5, slowMs: 10000 } };

async function withSimulator(scenario: (bot: TestBot) => Record<string, unknown>, body: (sim: Simulator, bot: TestBot) => Promise<void>, bot?: TestBot): Promise<void> {
  const theBot = bot ?? (await startBot());
  const sim = await startSimulator({ scenario: scenario(theBot) });
  theBot.trust(sim.openIdConfigurationUrl, sim.scenario.appId);
  try {
    await body(sim, theBot);
  } finally {
    await sim.close();
    await theBot.close();
  }
}

const oneCall = (extra: Record<string, unknown> = {}) => (bot: TestBot) => ({ ...fast, calls: [{ id: 'call-1', callbackUrl: bot.callbackUrl }], ...extra });

test('a valid invite: 200, Location naming the operation, the running operation with clientContext and participants as sent', async () => {
  await withSimulator(oneCall(), async (sim) => {
    const body = inviteBody('ctx-42');
    const response = await postInvite(sim.url, 'call-1', body);
    assert.is(response.status, 200);
    const operation = (await response.json()) as Record<string, unknown>;
    assert.is(operation['status'], 'running');
    assert.is(operation['clientContext'], 'ctx-42');
    assert.equal(operation['participants'], body['participants']);
    assert.is(response.headers.get('location'), `${sim.url}/beta/communications/calls/call-1/operations/${String(operation['id'])}`);
  });
});

test('the callbacks: the operation completed (deleted), then the full roster holding the invitee under the same identity; each token verifies', async () => {
  await withSimulator(oneCall(), async (sim, bot) => {
    const body = inviteBody('ctx-7');
    const operation = (await (await postInvite(sim.url, 'call-1', body)).json()) as Record<string, unknown>;
    await sim.idle();
    assert.is(bot.received.length, 2);
    // Received in the order the bot finished verifying them: told apart by changeType.
    const values = bot.received.map((item) => (item.body['value'] as Array<Record<string, unknown>>)[0] as Record<string, unknown>);
    const first = values.find((value) => value['changeType'] === 'deleted');
    const second = values.find((value) => value['changeType'] === 'updated');
    assert.is(first?.['changeType'], 'deleted');
    assert.is(first?.['resourceUrl'], `/communications/calls/call-1/operations/${String(operation['id'])}`);
    const finished = first?.['resourceData'] as Record<string, unknown>;
    assert.is(finished['status'], 'completed');
    assert.is(finished['clientContext'], 'ctx-7');
    assert.is(second?.['changeType'], 'updated');
    const roster = second?.['resourceData'] as Array<Record<string, unknown>>;
    const invited = (body['participants'] as Array<Record<string, unknown>>)[0]?.['identity'];
    assert.equal(roster.map((participant) => (participant['info'] as Record<string, unknown>)['identity']), [invited]);
    for (const item of bot.received) {
      assert.ok(item.claims !== undefined, 'the token verified');
      assert.is(item.claims?.aud, sim.scenario.appId);
      assert.is(item.claims?.iss, 'https://graph.microsoft.com');
      assert.is(item.claims?.['tid'], sim.scenario.tenantId);
      assert.is(item.status, 202);
    }
    const report = sim.report();
    assert.equal(report.findings, []);
    assert.equal(report.callbacks, { sent: 2, delivered: 2, refused: 0, failed: 0, cancelled: 0 });
  });
});

test('the OpenID configuration is served at the path Graph uses and at the standard one, naming the JWKS', async () => {
  await withSimulator(oneCall({ issuer: 'https://api.botframework.com' }), async (sim) => {
    const graphs = (await (await fetch(sim.openIdConfigurationUrl)).json()) as Record<string, unknown>;
    const standard = (await (await fetch(`${sim.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    assert.equal(graphs, standard);
    // In lower case too, as bot libraries write the calling platform's path.
    const lower = (await (await fetch(`${sim.url}/v1/.well-known/openidconfiguration`)).json()) as Record<string, unknown>;
    assert.equal(lower, graphs);
    assert.is(graphs['jwks_uri'], sim.jwksUrl);
    assert.is(graphs['issuer'], 'https://api.botframework.com');
    const keys = (await (await fetch(sim.jwksUrl)).json()) as { keys: Array<Record<string, unknown>> };
    assert.is(keys.keys.length, 1);
    assert.is(keys.keys[0]?.['kty'], 'RSA');
    assert.is(keys.keys[0]?.['d'], undefined, 'no private part');
  });
});

test('no bearer token: 401 with Graph error body; a scenario token accepts only itself', async () => {
  await withSimulator(oneCall({ token: 'the-one' }), async (sim) => {
    const none = await postInvite(sim.url, 'call-1', inviteBody(), { 'content-type': 'application/json' });
    assert.is(none.status, 401);
    const error = ((await none.json()) as { error: Record<string, unknown> }).error;
    assert.is(error['code'], 'InvalidAuthenticationToken');
    assert.type((error['innerError'] as Record<string, unknown>)['request-id'], 'string');
    assert.type((error['innerError'] as Record<string, unknown>)['date'], 'string');
    assert.is((await postInvite(sim.url, 'call-1', inviteBody(), { authorization: 'Bearer other', 'content-type': 'application/json' })).status, 401);
    assert.is((await postInvite(sim.url, 'call-1', inviteBody(), { authorization: 'Bearer the-one', 'content-type': 'application/json' })).status, 200);
    assert.equal(sim.report().findings.map((finding) => finding.type), ['missing-token', 'wrong-token']);
  });
});

test("Graph's headers: its own client-request-id when the client sent none, OData JSON on a success, plain JSON for the keys", async () => {
  await withSimulator(oneCall(), async (sim) => {
    const unnamed = await postInvite(sim.url, 'call-1', { clientContext: 'x' });
    const own = unnamed.headers.get('client-request-id') ?? '';
    assert.match(own, /^[0-9a-f-]{36}$/);
    assert.is((((await unnamed.json()) as { error: { innerError: Record<string, unknown> } }).error.innerError)['client-request-id'], own);
    assert.is(unnamed.headers.get('content-type'), 'application/json');
    const accepted = await postInvite(sim.url, 'call-1', inviteBody());
    assert.is(accepted.headers.get('content-type'), 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8');
    assert.is((await fetch(sim.jwksUrl)).headers.get('content-type'), 'application/json');
  });
});

test("checkTokenClaims reads the invite's token as Graph does: a JWT for Graph, unexpired, app-only with the invite's role", async () => {
  const jwt = (claims: Record<string, unknown>) => `${Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;
  const hour = Math.floor(Date.now() / 1000) + 3600;
  const good = { aud: 'https://graph.microsoft.com', exp: hour, roles: ['Calls.InitiateGroupCall.All', 'Calls.JoinGroupCall.All'] };
  await withSimulator(oneCall({ checkTokenClaims: true }), async (sim) => {
    const answer = async (token: string) => {
      const response = await postInvite(sim.url, 'call-1', inviteBody(), { authorization: `Bearer ${token}`, 'content-type': 'application/json' });
      return [response.status, response.headers.get('www-authenticate') === null ? '' : 'challenge', ((await response.json()) as { error?: { message: string } }).error?.message.split(':')[0] ?? 'ok'];
    };
    assert.equal(await answer('test-token'), [401, 'challenge', 'The bearer token is not a JWT']);
    assert.equal(await answer(jwt({ ...good, aud: 'https://api.botframework.com' })), [401, 'challenge', `The token's audience is "https`]);
    assert.equal(await answer(jwt({ ...good, exp: hour - 7200 })), [401, 'challenge', 'Access token has expired or is not yet valid.']);
    assert.equal(await answer(jwt({ ...good, scp: 'Calls.Initiate' })), [403, '', 'The token is delegated (scp)']);
    assert.equal(await answer(jwt({ ...good, roles: ['Calls.JoinGroupCall.All'] })), [403, '', 'The token has no Calls.InitiateGroupCall.All role']);
    assert.equal((await answer(jwt(good)))[0], 200);
    assert.equal(sim.report().findings.map((finding) => finding.type), ['wrong-token', 'wrong-token', 'wrong-token', 'wrong-token', 'wrong-token']);
  });
});

test('an invalid invite: 400 with error code, innerError and the located problems; reported', async () => {
  await withSimulator(oneCall(), async (sim, bot) => {
    const response = await postInvite(sim.url, 'call-1', { clientContext: 'x' }, { authorization: 'Bearer t', 'content-type': 'application/json', 'client-request-id': 'abc' });
    assert.is(response.status, 400);
    const error = ((await response.json()) as { error: Record<string, unknown> }).error;
    assert.is(error['code'], 'BadRequest');
    assert.is((error['innerError'] as Record<string, unknown>)['client-request-id'], 'abc');
    assert.is(response.headers.get('client-request-id'), 'abc');
    const problems = error['contractProblems'] as Array<Record<string, unknown>>;
    assert.ok(problems.some((problem) => problem['severity'] === 'error' && problem['pointer'] === '' && typeof problem['line'] === 'number'));
    await sim.idle();
    assert.is(bot.received.length, 0);
    const [finding] = sim.report().findings;
    assert.is(finding?.type, 'invalid-invite');
    assert.equal(finding?.problems, problems);
    assert.equal(sim.report().invites, { received: 1, accepted: 0, rejected: 1, abandoned: 0 });
  });
});

test('an accepted invite with warnings is reported with its problems, and still answered 200', async () => {
  await withSimulator(oneCall(), async (sim) => {
    const body = inviteBody();
    // invitationParticipantInfo has no id: a warning, not an error.
    (body['participants'] as Array<Record<string, unknown>>)[0]!['id'] = null;
    assert.is((await postInvite(sim.url, 'call-1', body)).status, 200);
    const [finding] = sim.report().findings;
    assert.is(finding?.type, 'invite-warnings');
    assert.ok((finding?.problems ?? []).length > 0);
    assert.ok(finding?.problems?.every((problem) => problem.severity === 'warning'));
  });
});

test('under v1.0 a beta-only property is an error; under beta it is not', async () => {
  await withSimulator(oneCall(), async (sim) => {
    const body = inviteBody();
    (body['participants'] as Array<Record<string, unknown>>)[0]!['endpointType'] = 'default';
    assert.is((await postInvite(sim.url, 'call-1', body)).status, 200);
    const v1 = await postInvite(sim.url, 'call-1', body, undefined, 'v1.0');
    assert.is(v1.status, 400);
    const problems = ((await v1.json()) as { error: { contractProblems: Array<{ pointer: string }> } }).error.contractProblems;
    assert.ok(problems.some((problem) => problem.pointer === '/participants/0/endpointType'));
  });
});

test("the Location of an accepted invite can be read: running until the operation's delay has passed, then its outcome", async () => {
  const sim = await startSimulator({ scenario: { calls: [{ id: 'call-1', callbackUrl: 'http://127.0.0.1:9/none', outcome: { status: 'failed', resultInfo: { code: 408, subcode: 10032, message: 'No answer' } } }], roster: 'none', delays: { operationMs: 300 }, faults: { loseOperation: true } } });
  try {
    const accepted = await postInvite(sim.url, 'call-1', inviteBody());
    const location = accepted.headers.get('location') ?? '';
    const operation = (await accepted.json()) as { id: string };
    const read = async (url: string) => fetch(url, { signal: AbortSignal.timeout(5000) });
    const early = await read(location);
    assert.is(early.status, 200);
    assert.equal(((await early.json()) as { id: string; status: string }), { '@odata.type': '#microsoft.graph.inviteParticipantsOperation', id: operation.id, status: 'running', clientContext: 'ctx-1', participants: inviteBody().participants });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const late = (await (await read(location)).json()) as { status: string; resultInfo?: { code: number; subcode: number } };
    assert.is(late.status, 'failed');
    assert.equal([late.resultInfo?.code, late.resultInfo?.subcode], [408, 10032]);
    // Another operation id, or the right one under another call, is 404; a POST there, 405.
    assert.is((await read(location.replace(operation.id, '00000000-0000-0000-0000-000000000000'))).status, 404);
    assert.is((await read(location.replace('/calls/call-1/', '/calls/call-2/'))).status, 404);
    assert.is((await read(location.replace(operation.id, '%E0%A4%A'))).status, 404, 'a malformed escape names nothing, and is no fault of the simulator');
    assert.is((await fetch(location, { method: 'POST', signal: AbortSignal.timeout(5000) })).status, 405);
    assert.equal(sim.report().findings.map((finding) => finding.type), ['unknown-path', 'unknown-path', 'unknown-path', 'method-not-allowed']);
  } finally {
    await sim.close();
  }
});

test('an unknown call is 404; /app/calls is served on beta with its deprecation reported, and is no path of v1.0', async () => {
  await withSimulator(oneCall(), async (sim) => {
    const unknown = await postInvite(sim.url, 'no-such-call', inviteBody());
    assert.is(unknown.status, 404);
    assert.is(((await unknown.json()) as { error: { code: string } }).error.code, 'NotFound');
    assert.is((await postInvite(sim.url, 'call-1', inviteBody(), undefined, 'beta', 'app')).status, 200);
    assert.is((await postInvite(sim.url, 'call-1', inviteBody(), undefined, 'v1.0', 'app')).status, 404);
    assert.equal(sim.report().findings.map((finding) => finding.type), ['unknown-call', 'deprecated-path', 'unknown-path']);
    // The deprecation is about the invite it served: the reports file it under that invite.
    assert.equal(sim.report().findings.map((finding) => finding.exchange), [undefined, 1, undefined]);
  });
});

test("the invite by its qualified name (the SDKs' URL) is served; a misspelt calling path is an error, another calling action a warning", async () => {
  await withSimulator(oneCall(), async (sim) => {
    const headers = { authorization: 'Bearer test-token', 'content-type': 'application/json' };
    const post = (path: string): Promise<Response> => fetch(`${sim.url}${path}`, { method: 'POST', headers, body: JSON.stringify(inviteBody()), signal: AbortSignal.timeout(5000) });
    assert.is((await post('/v1.0/communications/calls/call-1/participants/microsoft.graph.invite')).status, 200);
    assert.is((await post('/v1.0/communications/calls/call-1/participants/invites')).status, 404);
    assert.is((await post('/v1.0/communications/calls/call-1/transfer')).status, 404);
    assert.is((await post('/v1.0/users/u1/sendMail')).status, 404);
    const unknown = sim.report().findings.filter((finding) => finding.type === 'unknown-path');
    assert.equal(unknown.map((finding) => finding.severity), ['error', 'warning', 'warning']);
    assert.match(unknown[1]?.message ?? '', /transfer, which the simulator does not play/);
  });
});

test('a failed outcome: the operation fails with the scenario resultInfo, and no roster update follows', async () => {
  const resultInfo = { code: 403, subcode: 7505, message: 'Request denied. DiagCode: 403#7505' };
  await withSimulator(oneCall({ outcome: { status: 'failed', resultInfo } }), async (sim, bot) => {
    await postInvite(sim.url, 'call-1', inviteBody());
    await sim.idle();
    assert.is(bot.received.length, 1);
    const data = ((bot.received[0]?.body['value'] as Array<Record<string, unknown>>)[0]?.['resourceData']) as Record<string, unknown>;
    assert.is(data['status'], 'failed');
    assert.equal(data['resultInfo'], { '@odata.type': '#microsoft.graph.resultInfo', ...resultInfo });
  });
});

test('delta rosters carry increasing sequence numbers and only the new participants', async () => {
  await withSimulator(oneCall({ roster: 'delta' }), async (sim, bot) => {
    await postInvite(sim.url, 'call-1', inviteBody('a', ['11111111-1111-4111-8111-111111111111']));
    await sim.idle();
    await postInvite(sim.url, 'call-1', inviteBody('b', ['22222222-2222-4222-8222-222222222222']));
    await sim.idle();
    const deltas = bot.received.map((item) => (item.body['value'] as Array<Record<string, unknown>>)[0]?.['resourceData'] as Record<string, unknown>).filter((data) => data['@odata.type'] === '#microsoft.graph.deltaParticipants');
    assert.equal(deltas.map((delta) => delta['sequenceNumber']), [1, 2]);
    const ids = deltas.map((delta) => (delta['participants'] as Array<{ info: { identity: { user: { id: string } } } }>).map((p) => p.info.identity.user.id));
    assert.equal(ids, [['11111111-1111-4111-8111-111111111111'], ['22222222-2222-4222-8222-222222222222']]);
  });
});

test('a full roster keeps the participants already in the call and those invited before', async () => {
  const existing = { user: { id: 'aaaaaaaa-0000-4000-8000-000000000001' } };
  await withSimulator((bot) => ({ ...fast, calls: [{ id: 'call-1', callbackUrl: bot.callbackUrl, participants: [existing] }] }), async (sim, bot) => {
    await postInvite(sim.url, 'call-1', inviteBody('a', ['11111111-1111-4111-8111-111111111111']));
    // Settled before the next: two callbacks in flight at once may reach the bot in either order.
    await sim.idle();
    await postInvite(sim.url, 'call-1', inviteBody('b', ['22222222-2222-4222-8222-222222222222']));
    await sim.idle();
    const rosters = bot.received.map((item) => (item.body['value'] as Array<Record<string, unknown>>)[0]?.['resourceData']).filter(Array.isArray) as Array<Array<{ info: { identity: { user: { id: string } } } }>>;
    assert.equal(rosters.at(-1)?.map((p) => p.info.identity.user.id), ['aaaaaaaa-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222']);
  });
});

test('replacesCallId: only the first participant joins, as Graph reads only the first', async () => {
  await withSimulator(oneCall(), async (sim, bot) => {
    const body = inviteBody('r', ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222']);
    (body['participants'] as Array<Record<string, unknown>>)[0]!['replacesCallId'] = 'a7ebfb2d-871e-419c-87af-27290b22e8db';
    const response = await postInvite(sim.url, 'call-1', body);
    assert.is(response.status, 200);
    await sim.idle();
    const roster = bot.received.map((item) => (item.body['value'] as Array<Record<string, unknown>>)[0]?.['resourceData']).find(Array.isArray) as Array<{ info: { identity: { user: { id: string } } } }>;
    assert.equal(roster.map((p) => p.info.identity.user.id), ['11111111-1111-4111-8111-111111111111']);
  });
});

test.run();
