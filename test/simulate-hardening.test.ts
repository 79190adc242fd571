/** The simulator as a server: bad input gets Graph-style errors, slow clients are cut off, nothing crashes it. */
import { connect } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveScenario, ScenarioError, startSimulator, type Simulator } from '../src/simulate/index.js';
import { inviteBody, postInvite, startBot } from './simulate-bot.js';

const scenario = { calls: [{ id: 'call-1', callbackUrl: 'http://127.0.0.1:9/none' }], roster: 'none', faults: { loseOperation: true }, limits: { maxBodyBytes: 2000, requestTimeoutMs: 300 } };

async function withSimulator(body: (sim: Simulator) => Promise<void>): Promise<void> {
  const sim = await startSimulator({ scenario });
  try {
    await body(sim);
  } finally {
    await sim.close();
  }
}

async function errorOf(response: Response): Promise<{ code: string; innerError: Record<string, unknown>; contractProblems?: Array<{ ruleId: string }> }> {
  return ((await response.json()) as { error: { code: string; innerError: Record<string, unknown> } }).error;
}

test('malformed JSON: 400 whose problems name json-syntax', async () => {
  await withSimulator(async (sim) => {
    const response = await postInvite(sim.url, 'call-1', '{"participants": [');
    assert.is(response.status, 400);
    const error = await errorOf(response);
    assert.is(error.code, 'BadRequest');
    assert.ok(error.contractProblems?.some((problem) => problem.ruleId === 'json-syntax'));
  });
});

test('a wrong content type: 415 with Graph error body', async () => {
  await withSimulator(async (sim) => {
    const response = await postInvite(sim.url, 'call-1', inviteBody(), { authorization: 'Bearer t', 'content-type': 'text/plain' });
    assert.is(response.status, 415);
    assert.is((await errorOf(response)).code, 'UnsupportedMediaType');
    assert.equal(sim.report().findings.map((finding) => finding.type), ['content-type']);
  });
});

test('a body over the limit: 413, declared or streamed', async () => {
  await withSimulator(async (sim) => {
    const big = JSON.stringify({ ...inviteBody(), clientContext: 'x'.repeat(5000) });
    const declared = await postInvite(sim.url, 'call-1', big);
    assert.is(declared.status, 413);
    assert.is((await errorOf(declared)).code, 'RequestEntityTooLarge');
    // Without a Content-Length (a stream), the limit is kept while reading.
    const chunks = new ReadableStream({ start(controller) { controller.enqueue(new TextEncoder().encode(big)); controller.close(); } });
    const streamed = await fetch(`${sim.url}/beta/communications/calls/call-1/participants/invite`, { method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: chunks, duplex: 'half', signal: AbortSignal.timeout(5000) } as RequestInit);
    assert.is(streamed.status, 413);
  });
});

test('unknown paths are 404 and wrong methods 405 with Allow', async () => {
  await withSimulator(async (sim) => {
    const unknown = await fetch(`${sim.url}/beta/me`, { signal: AbortSignal.timeout(5000) });
    assert.is(unknown.status, 404);
    assert.is((await errorOf(unknown)).code, 'NotFound');
    const get = await fetch(`${sim.url}/beta/communications/calls/call-1/participants/invite`, { signal: AbortSignal.timeout(5000) });
    assert.is(get.status, 405);
    assert.is(get.headers.get('allow'), 'POST');
    assert.type((await errorOf(get)).innerError['request-id'], 'string');
    const post = await fetch(`${sim.url}/v1/.well-known/keys`, { method: 'POST', signal: AbortSignal.timeout(5000) });
    assert.is(post.status, 405);
    assert.is(post.headers.get('allow'), 'GET, HEAD');
  });
});

test('a client that never finishes its request is cut off after the request timeout', async () => {
  await withSimulator(async (sim) => {
    const port = Number(new URL(sim.url).port);
    let answer = '';
    const closed = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('POST /beta/communications/calls/call-1/participants/invite HTTP/1.1\r\nHost: x\r\n'));
      const guard = setTimeout(() => {
        socket.destroy();
        resolve(false);
      }, 5000);
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (answer += chunk));
      socket.on('close', () => {
        clearTimeout(guard);
        resolve(true);
      });
      socket.on('error', () => undefined);
    });
    assert.ok(closed, 'the server closed the slow connection');
    // Answered as Graph answers: 408, its error body with innerError, and the request-id header.
    assert.match(answer, /^HTTP\/1\.1 408 /);
    const requestId = /\r\nrequest-id: ([0-9a-f-]{36})\r\n/.exec(answer)?.[1];
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { error: { code: string; innerError: Record<string, string> } };
    assert.is(body.error.code, 'RequestTimeout');
    assert.is(body.error.innerError['request-id'], requestId);
    assert.match(body.error.innerError['date'] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // The client is told, and so is the report: a request that never got past its headers made no invite.
    assert.equal(sim.report().findings.map((finding) => [finding.type, finding.severity]), [['malformed-request', 'error']]);
    assert.match(sim.report().findings[0]?.message ?? '', /headers had not arrived within limits\.requestTimeoutMs \(300 ms\): answered 408/);
  });
});

test('a client still sending its request does not hold the stop past the request timeout', async () => {
  const sim = await startSimulator({ scenario });
  const port = Number(new URL(sim.url).port);
  // Headers sent, the body promised and never sent: a request in flight when the stop comes.
  const socket = connect(port, '127.0.0.1', () => socket.write('POST /beta/communications/calls/call-1/participants/invite HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{'));
  socket.on('error', () => undefined);
  socket.on('data', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = Date.now();
  const stopped = await Promise.race([sim.close().then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000))]);
  socket.destroy();
  assert.ok(stopped, `close() still waiting after ${Date.now() - started} ms`);
});

test('a client that leaves mid-body is counted as abandoned, with a warning: received still adds up', async () => {
  await withSimulator(async (sim) => {
    const port = Number(new URL(sim.url).port);
    const socket = connect(port, '127.0.0.1', () =>
      socket.write('POST /beta/communications/calls/call-1/participants/invite HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"partic', () => setTimeout(() => socket.destroy(), 50)),
    );
    socket.on('error', () => undefined);
    const deadline = Date.now() + 5000;
    while (sim.report().invites.abandoned === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const report = sim.report();
    assert.equal(report.invites, { received: 1, accepted: 0, rejected: 0, abandoned: 1 });
    assert.equal(report.findings.map((finding) => [finding.type, finding.severity, finding.callId]), [['invite-abandoned', 'warning', 'call-1']]);
    assert.is(report.warnings, 1);
    // The server goes on serving.
    assert.is((await postInvite(sim.url, 'call-1', inviteBody())).status, 200);
  });
});

test('a body that stalls past the request timeout is answered 408 and is an invite-timeout error, not a client that left', async () => {
  await withSimulator(async (sim) => {
    const port = Number(new URL(sim.url).port);
    let answer = '';
    const socket = connect(port, '127.0.0.1', () =>
      socket.write('POST /beta/communications/calls/call-1/participants/invite HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"partic'),
    );
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', () => undefined);
    const deadline = Date.now() + 5000;
    while (sim.report().invites.rejected + sim.report().invites.abandoned === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    socket.destroy();
    assert.match(answer, /^HTTP\/1\.1 408 /);
    const report = sim.report();
    assert.equal(report.invites, { received: 1, accepted: 0, rejected: 1, abandoned: 0 });
    assert.equal(report.findings.map((finding) => [finding.type, finding.severity, finding.callId]), [['invite-timeout', 'error', 'call-1']]);
    assert.match(report.findings[0]?.message ?? '', /limits\.requestTimeoutMs \(300 ms\): answered 408/);
    assert.is(report.errors, 1);
  });
});

test('at the stop, the keys are served until the callbacks sent then are answered; new invites are refused', async () => {
  const bot = await startBot();
  // Long delays: the callbacks go out only at the stop, and the bot fetches the keys only then.
  const sim = await startSimulator({ scenario: { calls: [{ id: 'call-1', callbackUrl: bot.callbackUrl }], delays: { operationMs: 60_000, rosterMs: 120_000 } } });
  try {
    bot.trust(sim.openIdConfigurationUrl, sim.scenario.appId);
    assert.is((await postInvite(sim.url, 'call-1', inviteBody())).status, 200);
    const closing = sim.close();
    const late = await postInvite(sim.url, 'call-1', inviteBody()).then((response) => response.status, () => 'refused');
    assert.ok(late === 503 || late === 'refused', `an invite during the stop: ${String(late)}`);
    await closing;
    assert.equal(bot.received.map((callback) => callback.status), [202, 202], 'both callbacks verified and accepted');
    assert.equal(sim.report().findings.map((finding) => finding.type), []);
  } finally {
    await sim.close();
    await bot.close();
  }
});

test('garbage on the socket is answered 400 and the server keeps serving', async () => {
  await withSimulator(async (sim) => {
    const port = Number(new URL(sim.url).port);
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      const socket = connect(port, '127.0.0.1', () => socket.write('\x00\x01 not http at all\r\n\r\n'));
      // The guard against a server that never closes is cleared once it has: a timer left running kept
      // the test process alive 5 s after its last test.
      const guard = setTimeout(() => socket.destroy(), 5000);
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('close', () => {
        clearTimeout(guard);
        resolve(text);
      });
      socket.on('error', () => resolve(text));
    });
    assert.match(answer, /^HTTP\/1\.1 400/);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { error: { code: string; innerError: Record<string, string> } };
    assert.is(body.error.code, 'BadRequest');
    assert.match(answer, new RegExp(`\r\nrequest-id: ${body.error.innerError['request-id'] ?? 'none'}\r\n`));
    assert.is((await postInvite(sim.url, 'call-1', inviteBody())).status, 200);
    // Said once in the report, whatever else the parser says of that connection.
    assert.equal(sim.report().findings.map((finding) => finding.type), ['malformed-request']);
    assert.match(sim.report().findings[0]?.message ?? '', /bytes that are no HTTP request \(HPE_[A-Z_]+\): answered 400/);
  });
});

test('callbacks off this machine are refused at start unless allowed', async () => {
  const remote = { calls: [{ id: 'c', callbackUrl: 'https://bot.example.com/api/calls' }] };
  try {
    await startSimulator({ scenario: remote });
    assert.unreachable('started');
  } catch (error) {
    assert.instance(error, ScenarioError);
  }
  const allowed = await startSimulator({ scenario: { ...remote, allowRemoteCallbacks: true } });
  await allowed.close();
});

test('bad options and scenarios are refused with errors that name them', async () => {
  for (const options of [{ port: -1 }, { port: 1.5 }, { record: '' }, { other: 1 }] as const) {
    try {
      await startSimulator(options as never);
      assert.unreachable(JSON.stringify(options));
    } catch (error) {
      assert.instance(error, TypeError);
    }
  }
  for (const given of [{ calls: [] }, { roster: 'sometimes' }, { calls: [{ id: 'a/b', callbackUrl: 'http://127.0.0.1/' }] }, { delays: { operationMs: -1 } }, { calls: [{ id: 'a', callbackUrl: 'http://127.0.0.1/' }, { id: 'a', callbackUrl: 'http://127.0.0.1/' }] }]) {
    try {
      await startSimulator({ scenario: given });
      assert.unreachable(JSON.stringify(given));
    } catch (error) {
      assert.instance(error, ScenarioError);
    }
  }
});

test('a scenario whose participants or resultInfo the contract refuses is refused at start, naming the place', () => {
  const call = (participants: unknown[]) => ({ calls: [{ id: 'c', callbackUrl: 'http://127.0.0.1:9/', participants }] });
  const cases: Array<[unknown, RegExp]> = [
    [call([{}]), /calls\[0\]\.participants\[0\]: .*\(identity-set-empty\)/],
    [call([{ user: { id: 'u', displayName: 5 } }]), /calls\[0\]\.participants\[0\]: .*\(type-mismatch\)/],
    [{ outcome: { status: 'failed', resultInfo: { code: 3_000_000_000, subcode: 1 } } }, /outcome\.resultInfo: code 3000000000 is out of range.*\(value-range\)/],
    [{ calls: [{ id: 'c', callbackUrl: 'http://127.0.0.1:9/', outcome: { status: 'failed', resultInfo: { code: 403, subcode: 9_007_199_254_740_993 } } }] }, /calls\[0\]\.outcome\.resultInfo: .*\(value-range\)/],
  ];
  for (const [given, message] of cases) {
    try {
      resolveScenario(given);
      assert.unreachable(JSON.stringify(given));
    } catch (error) {
      assert.instance(error, ScenarioError);
      assert.match((error as Error).message, message);
    }
  }
  // What the contract takes is taken.
  assert.is(resolveScenario({ ...call([{ user: { id: 'u', displayName: 'Ada' } }]), outcome: { status: 'failed', resultInfo: { code: 403, subcode: 7504 } } }).calls[0]?.participants.length, 1);
});

test('close() stops listening: a later request is refused by the system', async () => {
  const sim = await startSimulator({ scenario });
  await sim.close();
  try {
    await fetch(`${sim.url}/v1/.well-known/keys`, { signal: AbortSignal.timeout(2000) });
    assert.unreachable('answered');
  } catch (error) {
    assert.instance(error, TypeError);
  }
});

test.run();
