/**
 * createInviteTracker(): follows each invite a bot sends to its outcome, from the invites it records and
 * the notifications it receives, in any order. Synchronous and clock-driven: time only passes when the
 * injected clock says so, and the tracker sets no timer unless autoExpire asks for one. Every collection
 * is bounded (invites, held notifications, calls), and what a bound pushes out is counted in stats().
 */
import type { CommsNotifications } from '../../generated/types.js';
import { sameId } from '../contract/same-id.js';
import { describeArgument, readOptions } from '../validate/validate.js';
import { readingCallerValue } from './arguments.js';
import { readInvite, readNotification, type ReadNotification, type OutcomeResultInfo } from './tracker-read.js';
import { LazyQueue } from './tracker-queue.js';
import { SequenceState, type RosterSequence } from './tracker-sequence.js';

export type { OutcomeResultInfo } from './tracker-read.js';
export type { RosterSequence } from './tracker-sequence.js';

/** Where an invite stands: running until its operation completes or fails, or its deadline passes. */
export type InviteStatus = 'running' | 'completed' | 'failed' | 'timed-out';

/** One identity the request invited, and whether a roster update of the call listed it. */
export interface InviteeOutcome {
  /** The identity kind it was invited under: user, application, phone, guest... */
  readonly identityKind: string;
  readonly id: string;
  /** True once a roster update (full or delta) of the invite's call listed the id. */
  readonly appeared: boolean;
  /** The identity kinds the rosters listed it under, sorted; one other than identityKind is a kind change. */
  readonly appearedAs: readonly string[];
}

/** An invite's outcome, as known when it was asked for or reported. */
export interface InviteOutcome {
  readonly callId: string;
  /** The operation id: the response's (its id, or the Location header's), or the first notification's that named one. */
  readonly operationId: string | undefined;
  readonly clientContext: string | undefined;
  readonly status: InviteStatus;
  /** A failed operation's resultInfo (code, subcode, message), as far as it was given. */
  readonly resultInfo: OutcomeResultInfo | undefined;
  /** The clock's time when the invite was tracked, and when it finished. */
  readonly trackedAt: number;
  readonly finishedAt: number | undefined;
  /** Each identity the request invited (only the first participant's with replacesCallId or participantId). */
  readonly invitees: readonly InviteeOutcome[];
}

/**
 * What a call changed: an invite finished, or an invitee appeared in a roster for the first time. The
 * changes one roster makes to one invite share its outcome, as that roster left it.
 */
export type TrackerChange =
  | { readonly type: 'finished'; readonly outcome: InviteOutcome }
  | { readonly type: 'appeared'; readonly outcome: InviteOutcome; readonly invitee: InviteeOutcome };

/** Counts: what the tracker holds now, and what it has done since it was made. */
export interface TrackerStats {
  /** Invites still running. */
  readonly running: number;
  /** Finished invites kept for their grace period. */
  readonly finished: number;
  /** Notifications held until an invite they belong to is tracked. */
  readonly held: number;
  /** Calls whose roster order is followed. */
  readonly calls: number;
  readonly completed: number;
  readonly failed: number;
  readonly timedOut: number;
  /** Finished invites let go, after their grace period or to make room. */
  readonly evicted: number;
  /** Running invites let go unfinished to stay within maxInvites. */
  readonly droppedInvites: number;
  /** Held notifications that matched nothing: pushed out by maxHeld, or held past holdFor. */
  readonly droppedHeld: number;
  readonly expiredHeld: number;
  /** Calls whose roster order was let go to stay within maxCalls. */
  readonly droppedCalls: number;
  /** Notifications of no use to the tracker: not an invite operation or a roster of a call (call state, other operations...). */
  readonly ignored: number;
  /** Operation notifications about an invite that had already finished. */
  readonly late: number;
  /** trackInvite calls for an operation id already tracked (ignored). */
  readonly duplicates: number;
}

/** Options of createInviteTracker; every one has a default. */
export interface InviteTrackerOptions {
  /** The clock, in milliseconds (Date.now by default); it should not go backwards. */
  readonly now?: (() => number) | undefined;
  /** How long an invite may run before it is reported timed out, in ms (120,000 by default; Infinity for never). */
  readonly timeout?: number | undefined;
  /** How long a finished invite is kept (outcome() still answers, rosters still mark its invitees), in ms (60,000). */
  readonly grace?: number | undefined;
  /** How long a notification that matches no tracked invite is held for one, in ms (60,000). */
  readonly holdFor?: number | undefined;
  /** Invites tracked at most, running and finished (10,000); past it the oldest finished, else the oldest running, go. */
  readonly maxInvites?: number | undefined;
  /** Notifications held at most (1,000); past it the oldest go. */
  readonly maxHeld?: number | undefined;
  /** Calls whose roster order is followed at most (1,000); past it the least recently updated go. */
  readonly maxCalls?: number | undefined;
  /** Opt-in: call expire() every `every` ms on an unref'd timer and hand its changes, if any, to onChanges; close() stops it. */
  readonly autoExpire?: { readonly every: number; readonly onChanges: (changes: TrackerChange[]) => void } | undefined;
}

/**
 * What receive() takes: a commsNotifications value or an array of notifications, as parsed from JSON.
 * Notifications of any shape are data: those the tracker cannot use are counted as ignored.
 */
export type NotificationBatch = CommsNotifications | { readonly value?: readonly unknown[] | undefined } | readonly unknown[];

/** An invite the bot sent: the call it invites into, the request body, and the response if it has one. */
export interface TrackedInvite {
  readonly callId: string;
  /** The invite request body (participants, clientContext). */
  readonly request: unknown;
  /** The inviteParticipantsOperation the response carried, or the HTTP response { status, headers, body } (headers give Location). */
  readonly response?: unknown;
}

/** The tracker. Each call that takes input first expires what the clock says is due, and returns what changed, in order. */
export interface InviteTracker {
  /** Records an invite; notifications held for it are applied at once. */
  trackInvite(invite: TrackedInvite): TrackerChange[];
  /** Takes a batch of notifications: a commsNotifications value (parsed JSON), or an array of notifications. */
  receive(batch: NotificationBatch): TrackerChange[];
  /** Reports the invites whose deadline has passed and lets go of what has been kept long enough. */
  expire(): TrackerChange[];
  /**
   * The outcome of the invite with this operation id (case aside) or, failing that, the last one tracked with
   * this clientContext, as the last trackInvite, receive or expire left it: a query reports no change, and so
   * moves no time (call expire() first to see deadlines that have passed since).
   */
  outcome(key: string): InviteOutcome | undefined;
  /** The roster order of a call, if a roster update of it was received. */
  sequence(callId: string): RosterSequence | undefined;
  stats(): TrackerStats;
  /** Stops the autoExpire timer, if any; the tracker stays usable. */
  close(): void;
}

interface Invitee {
  readonly identityKind: string;
  readonly id: string;
  readonly appearedAs: string[];
}

interface Invite {
  readonly callId: string;
  /** The calls whose rosters may list its invitees: its own, and the one its replacesCallId names. */
  readonly calls: readonly string[];
  operationId: string | undefined;
  readonly clientContext: string | undefined;
  readonly trackedAt: number;
  readonly deadline: number;
  status: InviteStatus;
  resultInfo: OutcomeResultInfo | undefined;
  finishedAt: number | undefined;
  readonly invitees: readonly Invitee[];
  /** Let go: evicted, or dropped by the cap. */
  removed: boolean;
}

interface Held {
  readonly order: number;
  readonly at: number;
  readonly notification: ReadNotification;
  /** The index keys it is held under. */
  readonly keys: readonly string[];
  /** A roster is held even when it reached tracked invites, for invites of its call tracked later. */
  matched: boolean;
  /** Used, expired or dropped. */
  gone: boolean;
}

/** A call whose roster order is followed; touch counts its updates, so that the queue knows its last one. */
interface Call {
  readonly key: string;
  readonly state: SequenceState;
  touch: number;
}

type OperationRead = Extract<ReadNotification, { type: 'operation' }>;
type RosterRead = Extract<ReadNotification, { type: 'roster' }>;

/** The key ids are indexed by: lowercased, as sameId compares them (GUIDs in any case). */
const idKey = (id: string): string => id.toLowerCase();

const optionKeys = ['now', 'timeout', 'grace', 'holdFor', 'maxInvites', 'maxHeld', 'maxCalls', 'autoExpire'];

function duration(value: unknown, name: string, fallback: number, least: 'positive' | 'non-negative'): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && !Number.isNaN(value) && (least === 'positive' ? value > 0 : value >= 0)) return value;
  throw new TypeError(`createInviteTracker: options.${name} must be a ${least} number of milliseconds (or Infinity), not ${describeArgument(value)}`);
}

function count(value: unknown, name: string, fallback: number, least: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= least) return value;
  throw new TypeError(`createInviteTracker: options.${name} must be an integer of at least ${least}, not ${describeArgument(value)}`);
}

function autoExpireOf(value: unknown): { every: number; onChanges: (changes: TrackerChange[]) => void } | undefined {
  if (value === undefined) return undefined;
  const { every, onChanges } = readOptions('createInviteTracker: options.autoExpire', value, ['every', 'onChanges']);
  if (typeof every !== 'number' || !Number.isFinite(every) || every <= 0) throw new TypeError(`createInviteTracker: options.autoExpire.every must be a positive finite number of milliseconds, not ${describeArgument(every)}`);
  if (typeof onChanges !== 'function') throw new TypeError(`createInviteTracker: options.autoExpire.onChanges must be a function, not ${describeArgument(onChanges)}`);
  return { every, onChanges: onChanges as (changes: TrackerChange[]) => void };
}

/**
 * Makes an invite tracker. Feed it each invite the bot sends (trackInvite) and each batch of notifications
 * it receives (receive), in any order: a notification that arrives before its invite is held (bounded)
 * and applied when the invite is tracked. Each call returns the changes it made: invites that finished
 * (completed, failed with resultInfo, timed out) and invitees seen in a roster for the first time.
 *
 * @throws {TypeError} when options is not undefined or a plain object of the documented keys with values
 * of their types ("createInviteTracker: options.timeout must be...").
 */
export function createInviteTracker(options?: InviteTrackerOptions): InviteTracker {
  const read = options === undefined ? {} : readOptions('createInviteTracker: options', options, optionKeys);
  if (read['now'] !== undefined && typeof read['now'] !== 'function') throw new TypeError(`createInviteTracker: options.now must be a function returning milliseconds, not ${describeArgument(read['now'])}`);
  const clock = (read['now'] as (() => number) | undefined) ?? Date.now;
  const timeout = duration(read['timeout'], 'timeout', 120_000, 'positive');
  const grace = duration(read['grace'], 'grace', 60_000, 'non-negative');
  const holdFor = duration(read['holdFor'], 'holdFor', 60_000, 'non-negative');
  const maxInvites = count(read['maxInvites'], 'maxInvites', 10_000, 1);
  const maxHeld = count(read['maxHeld'], 'maxHeld', 1_000, 0);
  const maxCalls = count(read['maxCalls'], 'maxCalls', 1_000, 1);
  const autoExpire = autoExpireOf(read['autoExpire']);

  // Queues: running invites in the order their deadlines fall (one timeout for all), finished ones in the
  // order their grace periods end, held notifications in arrival order, calls by their last update.
  const size = { running: 0, finished: 0, held: 0 };
  const running = new LazyQueue<Invite>((invite) => !invite.removed && invite.status === 'running', () => size.running);
  const finished = new LazyQueue<Invite>((invite) => !invite.removed && invite.status !== 'running', () => size.finished);
  const byOperation = new Map<string, Invite>();
  /** Every invite by clientContext, and those whose operation id is not known yet, in the order tracked. */
  const byContext = new Map<string, Set<Invite>>();
  const unidentified = new Map<string, Set<Invite>>();
  /** Per call, per invitee id: the invites and invitees a roster identity may be. */
  const inviteesByCall = new Map<string, Map<string, Array<readonly [Invite, Invitee]>>>();
  const held = new LazyQueue<Held>((entry) => !entry.gone, () => size.held);
  /** Held notifications by o:<operation id>, c:<clientContext>, r:<call id>. */
  const heldIndex = new Map<string, Set<Held>>();
  const sequences = new Map<string, Call>();
  const callOrder = new LazyQueue<{ readonly call: Call; readonly touch: number }>(({ call, touch }) => call.touch === touch && sequences.get(call.key) === call, () => sequences.size);
  let arrivals = 0;
  const counts = { completed: 0, failed: 0, timedOut: 0, evicted: 0, droppedInvites: 0, droppedHeld: 0, expiredHeld: 0, droppedCalls: 0, ignored: 0, late: 0, duplicates: 0 };

  const now = (): number => {
    const time = clock();
    if (typeof time !== 'number' || Number.isNaN(time)) throw new TypeError(`createInviteTracker: options.now must return a number of milliseconds, not ${describeArgument(time)}`);
    return time;
  };

  const snapshot = (invite: Invite): InviteOutcome => ({
    callId: invite.callId,
    operationId: invite.operationId,
    clientContext: invite.clientContext,
    status: invite.status,
    resultInfo: invite.resultInfo === undefined ? undefined : { ...invite.resultInfo },
    trackedAt: invite.trackedAt,
    finishedAt: invite.finishedAt,
    invitees: invite.invitees.map(inviteeOutcome),
  });

  const finish = (invite: Invite, status: Exclude<InviteStatus, 'running'>, resultInfo: OutcomeResultInfo | undefined, at: number, changes: TrackerChange[]): void => {
    invite.status = status;
    invite.resultInfo = resultInfo;
    invite.finishedAt = at;
    size.running -= 1;
    size.finished += 1;
    finished.push(invite);
    if (status === 'timed-out') counts.timedOut += 1;
    else counts[status] += 1;
    changes.push({ type: 'finished', outcome: snapshot(invite) });
  };

  const removeInvite = (invite: Invite): void => {
    invite.removed = true;
    if (invite.status === 'running') size.running -= 1;
    else size.finished -= 1;
    if (invite.operationId !== undefined && byOperation.get(idKey(invite.operationId)) === invite) byOperation.delete(idKey(invite.operationId));
    if (invite.clientContext !== undefined) {
      removeFrom(byContext, invite.clientContext, invite);
      removeFrom(unidentified, invite.clientContext, invite);
    }
    for (const callKey of invite.calls) {
      const invitees = inviteesByCall.get(callKey);
      if (invitees === undefined) continue;
      for (const invitee of invite.invitees) {
        const key = idKey(invitee.id);
        const refs = invitees.get(key)?.filter(([other]) => other !== invite) ?? [];
        if (refs.length === 0) invitees.delete(key);
        else invitees.set(key, refs);
      }
      if (invitees.size === 0) inviteesByCall.delete(callKey);
    }
  };

  const dropHeld = (entry: Held, why: 'droppedHeld' | 'expiredHeld' | 'used'): void => {
    entry.gone = true;
    size.held -= 1;
    for (const key of entry.keys) removeFrom(heldIndex, key, entry);
    if (why !== 'used' && !entry.matched) counts[why] += 1;
  };

  const hold = (notification: ReadNotification, at: number, keys: readonly string[], matched: boolean): void => {
    if (maxHeld === 0) {
      if (!matched) counts.droppedHeld += 1;
      return;
    }
    for (let oldest = held.peek(); oldest !== undefined && size.held >= maxHeld; oldest = held.peek()) dropHeld(oldest, 'droppedHeld');
    const entry: Held = { order: arrivals++, at, notification, keys, matched, gone: false };
    held.push(entry);
    size.held += 1;
    for (const key of keys) addTo(heldIndex, key, entry);
  };

  /** Expires what the clock says is due: deadlines, grace periods, held notifications. */
  const sweep = (at: number, changes: TrackerChange[]): void => {
    for (let invite = running.peek(); invite !== undefined && invite.deadline <= at; invite = running.peek()) finish(invite, 'timed-out', undefined, at, changes);
    for (let invite = finished.peek(); invite !== undefined && (invite.finishedAt as number) + grace <= at; invite = finished.peek()) {
      removeInvite(invite);
      counts.evicted += 1;
    }
    for (let entry = held.peek(); entry !== undefined && entry.at + holdFor <= at; entry = held.peek()) dropHeld(entry, 'expiredHeld');
  };

  /**
   * The invite an operation notification is about: the one with an operation id it names; else, by its
   * clientContext, one whose operation id is not known (or any, when the notification names no id),
   * running ones first, the oldest first.
   */
  const inviteOf = (notification: OperationRead): Invite | undefined => {
    for (const id of notification.operationIds) {
      const found = byOperation.get(idKey(id));
      if (found !== undefined) return found;
    }
    if (notification.clientContext === undefined) return undefined;
    const candidates = (notification.operationIds.length === 0 ? byContext : unidentified).get(notification.clientContext);
    if (candidates === undefined) return undefined;
    for (const invite of candidates) if (invite.status === 'running') return invite;
    return candidates.values().next().value;
  };

  const applyOperation = (invite: Invite, notification: OperationRead, at: number, changes: TrackerChange[]): void => {
    const named = notification.operationIds[0];
    if (invite.operationId === undefined && named !== undefined && !byOperation.has(idKey(named))) {
      invite.operationId = named;
      byOperation.set(idKey(named), invite);
      if (invite.clientContext !== undefined) removeFrom(unidentified, invite.clientContext, invite);
    }
    if (invite.status !== 'running') {
      counts.late += 1;
      return;
    }
    // Completed or failed is final; a running status changes nothing that is reported.
    if (notification.state === 'completed') finish(invite, 'completed', undefined, at, changes);
    else if (notification.state === 'failed') finish(invite, 'failed', notification.resultInfo ?? {}, at, changes);
  };

  /** Marks the invitees a roster lists, in the invites of its call (or in one invite only); true when the call has tracked invites. */
  const applyRoster = (notification: RosterRead, only: Invite | undefined, changes: TrackerChange[]): boolean => {
    const index = inviteesByCall.get(idKey(notification.callId));
    if (index === undefined) return false;
    const appeared: Array<readonly [Invite, Invitee]> = [];
    for (const { kind, id } of notification.identities) {
      for (const [invite, invitee] of index.get(idKey(id)) ?? []) {
        if ((only !== undefined && invite !== only) || !sameId(invitee.id, id) || invitee.appearedAs.includes(kind)) continue;
        invitee.appearedAs.push(kind);
        invitee.appearedAs.sort();
        if (invitee.appearedAs.length === 1) appeared.push([invite, invitee]);
      }
    }
    // One outcome per invite, as the roster left it, shared by its changes: a snapshot per change made a
    // roster of n invitees cost n snapshots of n invitees each.
    const outcomes = new Map<Invite, InviteOutcome>();
    for (const [invite, invitee] of appeared) {
      let outcome = outcomes.get(invite);
      if (outcome === undefined) outcomes.set(invite, (outcome = snapshot(invite)));
      changes.push({ type: 'appeared', outcome, invitee: inviteeOutcome(invitee) });
    }
    return true;
  };

  const followSequence = (notification: RosterRead): void => {
    const key = idKey(notification.callId);
    let call = sequences.get(key);
    if (call === undefined) {
      for (let oldest = callOrder.peek(); oldest !== undefined && sequences.size >= maxCalls; oldest = callOrder.peek()) {
        sequences.delete(oldest.call.key);
        counts.droppedCalls += 1;
      }
      call = { key, state: new SequenceState(notification.callId), touch: 0 };
      sequences.set(key, call);
    }
    // Queued again at each update, so that the least recently updated call is the first to go.
    call.touch += 1;
    callOrder.push({ call, touch: call.touch });
    const { state } = call;
    if (notification.sequenceNumber !== undefined) state.delta(notification.sequenceNumber);
    for (const [id, sequence] of notification.participantSequences) state.participant(id, sequence);
  };

  const trackInvite = (invite: TrackedInvite): TrackerChange[] => {
    const { callId, request, response } = readOptions('trackInvite: invite', invite, ['callId', 'request', 'response']);
    if (typeof callId !== 'string' || callId === '') throw new TypeError(`trackInvite: invite.callId must be a non-empty string, not ${describeArgument(callId)}`);
    const sent = readingCallerValue('trackInvite: invite', () => readInvite(callId, request, response));
    if (sent.operationId === undefined && sent.clientContext === undefined) {
      if (sent.refused) throw new TypeError(`trackInvite: the invite was refused (HTTP ${String(sent.resultInfo?.code)}) and has no clientContext to look its outcome up by: nothing to follow`);
      throw new TypeError('trackInvite: invite has nothing to correlate notifications by: invite.response gives no operation id (its id, or a Location header naming the operation) and invite.request no clientContext');
    }
    const at = now();
    const changes: TrackerChange[] = [];
    sweep(at, changes);
    if (sent.operationId !== undefined && byOperation.has(idKey(sent.operationId))) {
      counts.duplicates += 1;
      return changes;
    }
    while (size.running + size.finished >= maxInvites) {
      const oldest = (finished.peek() ?? running.peek()) as Invite;
      if (oldest.status === 'running') counts.droppedInvites += 1;
      else counts.evicted += 1;
      removeInvite(oldest);
    }
    const tracked: Invite = {
      callId,
      calls: [...new Set([callId, ...(sent.replacedCallId === undefined ? [] : [sent.replacedCallId])].map(idKey))],
      operationId: sent.operationId,
      clientContext: sent.clientContext,
      trackedAt: at,
      deadline: at + timeout,
      status: 'running',
      resultInfo: undefined,
      finishedAt: undefined,
      invitees: sent.invitees.map(({ kind, id }) => ({ identityKind: kind, id, appearedAs: [] })),
      removed: false,
    };
    running.push(tracked);
    size.running += 1;
    if (sent.operationId !== undefined) byOperation.set(idKey(sent.operationId), tracked);
    if (sent.clientContext !== undefined) {
      addTo(byContext, sent.clientContext, tracked);
      if (sent.operationId === undefined) addTo(unidentified, sent.clientContext, tracked);
    }
    for (const callKey of tracked.calls) {
      let invitees = inviteesByCall.get(callKey);
      if (invitees === undefined) inviteesByCall.set(callKey, (invitees = new Map()));
      for (const invitee of tracked.invitees) {
        const key = idKey(invitee.id);
        const refs = invitees.get(key);
        if (refs === undefined) invitees.set(key, [[tracked, invitee]]);
        else refs.push([tracked, invitee]);
      }
    }
    if (sent.state === 'completed' || sent.state === 'failed') finish(tracked, sent.state, sent.state === 'failed' ? (sent.resultInfo ?? {}) : undefined, at, changes);

    // What arrived before the invite was tracked, in arrival order.
    const keys = [...tracked.calls.map((callKey) => `r:${callKey}`), ...(sent.operationId === undefined ? [] : [`o:${idKey(sent.operationId)}`]), ...(sent.clientContext === undefined ? [] : [`c:${sent.clientContext}`])];
    const waiting = [...new Set(keys.flatMap((key) => [...(heldIndex.get(key) ?? [])]))].sort((a, b) => a.order - b.order);
    for (const entry of waiting) {
      const { notification } = entry;
      if (notification.type === 'roster') {
        applyRoster(notification, tracked, changes);
        entry.matched = true;
      } else if (inviteOf(notification) === tracked) {
        applyOperation(tracked, notification, at, changes);
        dropHeld(entry, 'used');
      }
    }
    return changes;
  };

  const receive = (batch: NotificationBatch): TrackerChange[] => {
    const notifications = readingCallerValue('receive: batch', () => {
      const list = Array.isArray(batch) ? batch : batch !== null && typeof batch === 'object' ? (batch as CommsNotifications).value ?? [] : undefined;
      return Array.isArray(list) ? Array.from(list as readonly unknown[], readNotification) : undefined;
    });
    if (notifications === undefined) throw new TypeError(`receive: batch must be a commsNotifications object (its value an array) or an array of notifications, not ${describeArgument(batch)}`);
    const at = now();
    const changes: TrackerChange[] = [];
    sweep(at, changes);
    for (const notification of notifications) {
      if (notification === undefined) counts.ignored += 1;
      else if (notification.type === 'roster') {
        followSequence(notification);
        const matched = applyRoster(notification, undefined, changes);
        hold(notification, at, [`r:${idKey(notification.callId)}`], matched);
      } else {
        const invite = inviteOf(notification);
        if (invite !== undefined) applyOperation(invite, notification, at, changes);
        else {
          const keys = [...notification.operationIds.map((id) => `o:${idKey(id)}`), ...(notification.clientContext === undefined ? [] : [`c:${notification.clientContext}`])];
          hold(notification, at, [...new Set(keys)], false);
        }
      }
    }
    return changes;
  };

  const expire = (): TrackerChange[] => {
    const changes: TrackerChange[] = [];
    sweep(now(), changes);
    return changes;
  };

  let timer: ReturnType<typeof setInterval> | undefined;
  if (autoExpire !== undefined) {
    timer = setInterval(() => {
      const changes = expire();
      if (changes.length > 0) autoExpire.onChanges(changes);
    }, autoExpire.every);
    timer.unref();
  }

  return {
    trackInvite,
    receive,
    expire,
    outcome(key: string): InviteOutcome | undefined {
      if (typeof key !== 'string') throw new TypeError(`outcome: key must be a string (an operation id or a clientContext), not ${describeArgument(key)}`);
      const invite = byOperation.get(idKey(key)) ?? last(byContext.get(key));
      return invite === undefined ? undefined : snapshot(invite);
    },
    sequence(callId: string): RosterSequence | undefined {
      if (typeof callId !== 'string') throw new TypeError(`sequence: callId must be a string, not ${describeArgument(callId)}`);
      return sequences.get(idKey(callId))?.state.snapshot();
    },
    stats(): TrackerStats {
      return { ...size, calls: sequences.size, ...counts };
    },
    close(): void {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  };
}

/** Adds a value to the set a map holds under a key, making the set when there is none. */
function addTo<T>(map: Map<string, Set<T>>, key: string, value: T): void {
  const set = map.get(key);
  if (set === undefined) map.set(key, new Set([value]));
  else set.add(value);
}

/** Takes a value out of the set a map holds under a key, and the set out of the map once it is empty. */
function removeFrom<T>(map: Map<string, Set<T>>, key: string, value: T): void {
  const set = map.get(key);
  if (set === undefined) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

function last<T>(set: Set<T> | undefined): T | undefined {
  let found: T | undefined;
  for (const value of set ?? []) found = value;
  return found;
}

function inviteeOutcome(invitee: Invitee): InviteeOutcome {
  return { identityKind: invitee.identityKind, id: invitee.id, appeared: invitee.appearedAs.length > 0, appearedAs: [...invitee.appearedAs] };
}
