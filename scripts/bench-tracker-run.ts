/**
 * One run of the invite tracker's figure, in a process of its own (started with --expose-gc):
 * `node --expose-gc bench-tracker-run.js <tracker|map> <invites>`. The events are made 1,000 invites at a
 * time; only feeding them is timed. Prints one line of JSON: the time, the heap the consumer keeps at the
 * end (after garbage collection, less the heap before it was made), and counts the bench checks.
 */
import { feedMap, feedTracker, makeTracker, trackerEvents, type PlainStore, type TrackerEvent } from './bench-tracker.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');
const [variant, countText] = process.argv.slice(2);
const count = Number(countText);
if ((variant !== 'tracker' && variant !== 'map') || !Number.isSafeInteger(count) || count < 1) throw new Error('usage: bench-tracker-run.js <tracker|map> <invites>');

const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const before = heap();
const clock = { time: 0 };
const tracker = variant === 'tracker' ? makeTracker(clock) : undefined;
const store: PlainStore = { invites: new Map(), rosters: new Map() };
const counted = { finished: 0, failed: 0, appeared: 0 };
let time = 0;
let buffer: TrackerEvent[] = [];
const feed = (): void => {
  const start = process.hrtime.bigint();
  if (tracker !== undefined) feedTracker(tracker, clock, buffer, counted);
  else feedMap(store, buffer);
  time += Number(process.hrtime.bigint() - start) / 1e6;
  buffer = [];
};
const expected = trackerEvents(count, (event) => {
  buffer.push(event);
  if (buffer.length >= 3_000) feed();
});
feed();
const retained = heap() - before;
const kept =
  tracker !== undefined
    ? { ...counted, stats: tracker.stats() }
    : { invites: store.invites.size, notifications: [...store.invites.values()].reduce((sum, entry) => sum + entry.notifications.length, 0) + [...store.rosters.values()].reduce((sum, list) => sum + list.length, 0) };
process.stdout.write(`${JSON.stringify({ time, events: count * 3, retainedMb: retained / 1024 / 1024, expected, kept })}\n`);
