/**
 * One run of the simulator's figure, in a process of its own (started with --expose-gc):
 * `node --expose-gc bench-simulator-run.js <simulator|bare> <invites>`. A bot on loopback sends the invites
 * from 20 clients at once into 50 calls and answers every callback 202. The target is the simulator (delta
 * rosters, no planned delays) or the baseline, a bare node:http server that answers the same POST with a
 * fixed 200 body and fires the same number of plain callback POSTs (no lint, no signing). The run is two
 * phases, a quarter of the invites and then the rest; each ends when every callback has arrived, and the
 * heap (after a full collection, less the heap before the target started) and RSS are read between them and
 * at the end. Prints one line of JSON.
 */
import { Agent, createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator } from '../src/simulate/index.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');
const [variant, countText] = process.argv.slice(2);
const count = Number(countText);
if ((variant !== 'simulator' && variant !== 'bare') || !Number.isSafeInteger(count) || count < 4) throw new Error('usage: bench-simulator-run.js <simulator|bare> <invites, at least 4>');

const clients = 20;
const callCount = 50;
/** Callbacks per invite: the operation's end and a delta roster update. */
const perInvite = 2;

const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

/** A POST on a keep-alive connection, as the bot's client and the baseline's callbacks send them: the status and the answer. */
const agent = new Agent({ keepAlive: true });
const post = (url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> =>
  new Promise((resolve, reject) => {
    const sent = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } }, (response) => {
      void drain(response).then((text) => resolve({ status: response.statusCode ?? 0, text }), reject);
    });
    sent.on('error', reject);
    sent.end(body);
  });

const drain = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });

/** The bot's webhook: answers 202 and counts; phases wait on the count. */
let received = 0;
let wanted = 0;
let reached: (() => void) | undefined;
const bot = createServer((request, response) => {
  void drain(request).then(() => {
    response.writeHead(202).end();
    received += 1;
    if (received >= wanted) reached?.();
  });
});
await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
const callbackUrl = `http://127.0.0.1:${(bot.address() as AddressInfo).port}/callback`;
const callIds = Array.from({ length: callCount }, (_, i) => `19:meeting_bench-${i}@thread.v2`);

const before = heap();
let url: string;
let finish: () => Promise<unknown>;
let close: () => Promise<unknown>;
if (variant === 'simulator') {
  const sim = await startSimulator({ scenario: { roster: 'delta', delays: { operationMs: 0, rosterMs: 0 }, calls: callIds.map((id) => ({ id, callbackUrl })) } });
  url = sim.url;
  finish = () => sim.idle();
  close = async () => {
    await sim.close();
    return sim.report();
  };
} else {
  const answer = JSON.stringify({ '@odata.type': '#microsoft.graph.inviteParticipantsOperation', id: '0c6b4a8e-8d7e-4d4e-9f3c-2b1a0e9d8c7b', status: 'running' });
  const callback = JSON.stringify({ value: [{ changeType: 'deleted', resourceUrl: '/communications/calls/x/operations/y' }] });
  const inFlight = new Set<Promise<unknown>>();
  const server = createServer((request, response) => {
    void drain(request).then(() => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(answer);
      for (let i = 0; i < perInvite; i += 1) {
        const sent = post(callbackUrl, callback, {});
        inFlight.add(sent);
        void sent.finally(() => inFlight.delete(sent));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  finish = () => Promise.allSettled([...inFlight]);
  close = () => new Promise((resolve) => server.close(() => resolve({ invites: { accepted: count } })));
}

/** A valid invite: one user with a GUID of its own, a clientContext. */
const body = (n: number): string =>
  JSON.stringify({
    participants: [
      {
        '@odata.type': '#microsoft.graph.invitationParticipantInfo',
        identity: { '@odata.type': '#microsoft.graph.identitySet', user: { '@odata.type': '#microsoft.graph.identity', id: `5b1f4d2e-0a3c-4e8f-9b7d-${String(n).padStart(12, '0')}`, displayName: `Invitee ${n}` } },
      },
    ],
    clientContext: `bench-${n}`,
  });

const latencies = new Float64Array(count);
let next = 0;
let answeredBad = 0;
/** Sends invites up to `end`, `clients` at a time; resolves when every callback planned so far arrived. */
const phase = async (end: number): Promise<number> => {
  const started = performance.now();
  wanted = end * perInvite;
  const arrived = new Promise<void>((resolve) => {
    reached = resolve;
    if (received >= wanted) resolve();
  });
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < end) {
        const n = next;
        next += 1;
        const sent = performance.now();
        const response = await post(`${url}/v1.0/communications/calls/${encodeURIComponent(callIds[n % callCount] as string)}/participants/invite`, body(n), { authorization: 'Bearer bench-token' });
        latencies[n] = performance.now() - sent;
        if (response.status !== 200) answeredBad += 1;
      }
    }),
  );
  await arrived;
  await finish();
  return performance.now() - started;
};

const quarter = Math.floor(count / 4);
const time = await phase(quarter);
const heapQuarter = heap() - before;
const rssQuarter = process.memoryUsage().rss / 1024 / 1024;
const usageQuarter = process.memoryUsage();
const total = time + (await phase(count));
const heapEnd = heap() - before;
const rssEnd = process.memoryUsage().rss / 1024 / 1024;
const usageEnd = process.memoryUsage();
const report = await close();
bot.close();
agent.destroy();
const sorted = [...latencies].sort((a, b) => a - b);
const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
process.stdout.write(
  `${JSON.stringify({ invites: count, time: total, perSecond: count / (total / 1000), p50: at(0.5), p99: at(0.99), heapQuarterMb: heapQuarter, heapEndMb: heapEnd, rssQuarterMb: rssQuarter, rssEndMb: rssEnd, callbacks: received, answeredBad, usageQuarter, usageEnd, report })}\n`,
);
