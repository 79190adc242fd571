import { createOnePassChecks, type OnePassVisits } from '../../generated/one-pass-checks.js';
import { defaultApiVersion, type ApiVersion } from '../model/api-version.js';
import type { Kind } from '../model/kind.js';
import { identityDispatch, nodeDispatch } from './dispatch.js';
import { contractFormats } from './formats.js';
import { escapeToken } from '../model/pointer.js';
import { isInviteOperation, isUntypedCallState, shapeOfResourceData } from '../contract/resource-data.js';
import { problemOf, type Problem, type RuleRef } from '../model/problem.js';
import { memoize } from '../model/memo.js';
import { CeilingReached, findingsBudget } from './findings-budget.js';
import { isObject, type Token, type IdentityVisit, type JsonObject, type NodeVisit, type Rule, type RuleContext, type Visitors } from '../model/rule.js';

/** A step of the path: an array index, or a property name escaped and led by its slash ("/resourceData"). */
type Segment = string | number;

/**
 * Object.prototype.hasOwnProperty, the same answer as Object.hasOwn. Inside a for-in over the same
 * object, hasOwnProperty.call(object, key) costs the engine next to nothing: it answers from the loop's
 * key cache, where Object.hasOwn stays a call per key. It must be a constant of the module that calls
 * it: through an import the engine no longer knows the function and makes the call (measured with
 * callgrind: about 100 instructions a key either way, against none).
 */
const hasOwnProperty = Object.prototype.hasOwnProperty;

/** "/0", "/1"...: the segments of the first array indices, made once (a report under a list needs one). */
const indexSegments: string[] = [];

/** The segment of an array index. */
function indexSegment(index: number): string {
  if (index >= 256) return `/${index}`;
  while (indexSegments.length <= index) indexSegments.push(`/${indexSegments.length}`);
  return indexSegments[index] as string;
}

/**
 * The segment of a property name. Remembered: rules report below a node by the same few names ("id",
 * "status"), and identity keys are the same few kinds.
 */
const nameSegment = memoize((name) => `/${escapeToken(name)}`);

/** The segment of a reference token a rule reports below its node. */
function tokenSegment(token: Token): string {
  return typeof token === 'number' ? indexSegment(token) : nameSegment(token);
}

/** The sink of a walker between passes: nothing reports then, and the caller's list is not held. */
const idle: Problem[] = [];

/** Every visit of one node type, each with its rule's context; depth is the path length at the node. */
type NodeDispatch = (node: JsonObject, depth: number) => void;

/**
 * Walks a payload along the contract's object graph and hands each contract object to the rules that
 * visit it. Built once per rule list: each node type knows its visitors in advance, and each rule has one
 * context whose problems go to the sink of the walk under way. It is defensive: a node of the wrong JSON
 * type is skipped (the schema reports it), so rules only ever see objects.
 *
 * The walker keeps the way from the root to the node it visits on one stack (written in place up to a
 * depth, never reallocated) and turns it into a JSON Pointer only when a rule reports: most payloads are
 * clean, and building a pointer string for every node cost as much as the rules. The stack holds
 * segments, not tokens: an array index, or a property name already escaped and led by its slash
 * ("/resourceData"), written as constants by the one-pass checks and the walk, so that a report only
 * joins them. The one name that comes from the payload, the key of an identity in its set, is kept
 * aside (#identityKey) and escaped only when a rule reports on that identity.
 */
export class Walker {
  #kind: Kind = 'invite-request';
  #apiVersion: ApiVersion = defaultApiVersion;
  #sink: Problem[] = idle;
  /** Pointer segments from the root to the node being visited: the first #depth entries. */
  readonly #path: Segment[] = [];
  /** How many segments of the path lead to the node being visited. */
  #depth = 0;
  /** While identity visits run: the key of the visited identity in its set (the set is at #depth). */
  #identityKey: string | undefined = undefined;
  /** The one-pass check of each kind, calling this walker's visits. */
  readonly #checks: ReturnType<typeof createOnePassChecks>;
  /** #prefixes[d] is the pointer of #prefixSegments[0..d), for d up to #prefixDepth. */
  readonly #prefixes: string[] = [''];
  readonly #prefixSegments: Segment[] = [];
  #prefixDepth = 0;
  /** The tail of the last report: the names after the path's last index, then what follows them. */
  readonly #tailSegments: string[] = [];
  #tailLength = 0;
  #tailKey: string | undefined = undefined;
  #tailBelow: Token | undefined = undefined;
  #tailFurther: Token | undefined = undefined;
  #tailFurthest: Token | undefined = undefined;
  #tail = '';
  readonly #request: NodeDispatch;
  readonly #operation: NodeDispatch;
  readonly #notification: NodeDispatch;
  readonly #invitationParticipant: NodeDispatch;
  readonly #participant: NodeDispatch;
  readonly #deltaParticipants: NodeDispatch;
  readonly #identitySet: NodeDispatch;
  readonly #identity: (node: JsonObject, key: string) => void;

  constructor(rules: readonly Rule[]) {
    const contexts = new Map<Rule, RuleContext>();
    for (const rule of rules) {
      const walker = this;
      // What a problem takes from its rule, in one shape for every rule: the report code is shared by
      // all of them, and reading id and severity from fifteen rule objects of as many shapes is slow.
      const ref: RuleRef = { id: rule.id, severity: rule.severity };
      contexts.set(rule, {
        get kind() {
          return walker.#kind;
        },
        get apiVersion() {
          return walker.#apiVersion;
        },
        report(message, params, below, further, furthest) {
          const pointer = walker.#pointer(below, further, furthest);
          if (++findingsBudget.held > findingsBudget.ceiling) throw new CeilingReached(pointer);
          walker.#sink.push(problemOf(ref, pointer, message, params));
        },
      });
    }
    const having = (pick: (visitors: Visitors) => unknown): Rule[] => rules.filter((rule) => pick(rule.visitors) !== undefined);
    const contextsOf = (list: readonly Rule[]): RuleContext[] => list.map((rule) => contexts.get(rule) as RuleContext);
    const setDepth = (depth: number): void => {
      this.#depth = depth;
    };
    const bind = (pick: (visitors: Visitors) => NodeVisit | undefined): NodeDispatch => {
      const list = having(pick);
      return nodeDispatch(list.map((rule) => pick(rule.visitors) as NodeVisit), contextsOf(list), setDepth);
    };
    this.#request = bind((v) => v.request);
    this.#operation = bind((v) => v.operation);
    this.#notification = bind((v) => v.notification);
    this.#invitationParticipant = bind((v) => v.invitationParticipant);
    this.#participant = bind((v) => v.participant);
    this.#deltaParticipants = bind((v) => v.deltaParticipants);
    this.#identitySet = bind((v) => v.identitySet);
    const identities = having((v) => v.identity);
    this.#identity = identityDispatch(identities.map((rule) => rule.visitors.identity as IdentityVisit), contextsOf(identities));
    this.#checks = createOnePassChecks(this.#onePassVisits(), contractFormats);
  }

  /** The visits the one-pass checks call: each sets the depth and calls its node type's visits. */
  #onePassVisits(): OnePassVisits {
    return {
      path: this.#path,
      request: this.#request,
      operation: this.#operation,
      notification: this.#notification,
      invitationParticipant: this.#invitationParticipant,
      participant: this.#participant,
      deltaParticipants: this.#deltaParticipants,
      identitySet: (node, depth) => {
        this.#depth = depth;
        this.#identitySetAt(node);
      },
    };
  }

  /**
   * One pass over a payload of the given kind: true when it holds to the schema, with the rules' problems
   * appended to sink. False says only that the schema fails; what the rules found by then is incomplete,
   * and the caller drops it. A walker does one pass or walk at a time: validate() takes an idle one.
   */
  check(kind: Kind, root: unknown, sink: Problem[], apiVersion: ApiVersion = defaultApiVersion): boolean {
    this.#start(kind, sink, apiVersion);
    try {
      // Not this.#checks[kind]: a property read by a varying key is a slow, megamorphic one.
      const checks = this.#checks;
      return kind === 'comms-notifications' ? checks['comms-notifications'](root) : kind === 'invite-request' ? checks['invite-request'](root) : checks['invite-operation'](root);
    } finally {
      this.#sink = idle;
    }
  }

  /** Walks a whole payload of the given kind; problems are appended to sink. */
  walk(kind: Kind, root: unknown, sink: Problem[], apiVersion: ApiVersion = defaultApiVersion): void {
    if (!isObject(root)) return;
    this.#start(kind, sink, apiVersion);
    this.#depth = 0;
    try {
      if (kind === 'invite-request') this.#visitRequest(root);
      else if (kind === 'invite-operation') this.#visitOperation(root);
      else this.#visitNotifications(root);
    } finally {
      this.#sink = idle;
    }
  }

  /** Readies the walker for a pass or walk; a pass a caller's getter broke off may have left an identity key. */
  #start(kind: Kind, sink: Problem[], apiVersion: ApiVersion): void {
    this.#kind = kind;
    this.#apiVersion = apiVersion;
    this.#sink = sink;
    this.#identityKey = undefined;
  }

  /**
   * The JSON Pointer of a report: the visited node (the visited identity, during identity visits), then
   * the tokens below it the rule gave. It is joined in two parts, each remembered from earlier reports:
   * the head, up to the last array index of the path, from the pointers of its prefixes; and the tail,
   * the names after that index, as the last report had it. Problems come in bunches under one
   * participant or notification, or one per participant at the same place below each: a report then
   * joins two strings rather than one per segment, and a roster of 100,000 warnings carries a few
   * strings per pointer rather than one per segment.
   */
  #pointer(below: Token | undefined, further: Token | undefined, furthest: Token | undefined): string {
    const depth = this.#depth;
    const path = this.#path;
    let split = depth;
    while (split > 0 && typeof path[split - 1] !== 'number') split -= 1;
    const head = this.#head(split);
    const key = this.#identityKey;
    const tail = this.#tailSegments;
    const length = depth - split;
    let same = this.#tailLength === length && this.#tailKey === key && this.#tailBelow === below && this.#tailFurther === further && this.#tailFurthest === furthest;
    for (let i = 0; same && i < length; i += 1) same = tail[i] === path[split + i];
    if (!same) {
      // Written in place up to its length, like the path: setting an array's length is a slow call.
      let text = '';
      for (let i = 0; i < length; i += 1) {
        const segment = path[split + i] as string;
        tail[i] = segment;
        text += segment;
      }
      this.#tailLength = length;
      if (key !== undefined) text += nameSegment(key);
      if (below !== undefined) text += tokenSegment(below);
      if (further !== undefined) text += tokenSegment(further);
      if (furthest !== undefined) text += tokenSegment(furthest);
      this.#tailKey = key;
      this.#tailBelow = below;
      this.#tailFurther = further;
      this.#tailFurthest = furthest;
      this.#tail = text;
    }
    return this.#tail === '' ? head : head + this.#tail;
  }

  /** The pointer of path[0..depth), from the kept pointers of its prefixes. */
  #head(depth: number): string {
    const path = this.#path;
    const segments = this.#prefixSegments;
    const prefixes = this.#prefixes;
    const reusable = depth < this.#prefixDepth ? depth : this.#prefixDepth;
    let known = 0;
    while (known < reusable && segments[known] === path[known]) known += 1;
    let pointer = prefixes[known] as string;
    for (let i = known; i < depth; i += 1) {
      const segment = path[i] as Segment;
      segments[i] = segment;
      pointer += typeof segment === 'number' ? indexSegment(segment) : segment;
      prefixes[i + 1] = pointer;
    }
    // Rebuilt from `known` on: deeper prefixes were built from other segments.
    if (known < depth) this.#prefixDepth = depth;
    return pointer;
  }

  /** Steps one property down: segment is its name, escaped, after a slash. */
  #enter(segment: string): void {
    this.#path[this.#depth] = segment;
    this.#depth += 1;
  }

  #visitRequest(node: JsonObject): void {
    this.#request(node, this.#depth);
    this.#visitInvitationParticipants(node['participants']);
  }

  #visitOperation(node: JsonObject): void {
    this.#operation(node, this.#depth);
    this.#visitInvitationParticipants(node['participants']);
  }

  /** The participants list of a request or an operation (at the key participants of the visited node). */
  #visitInvitationParticipants(list: unknown): void {
    if (!Array.isArray(list)) return;
    this.#enter('/participants');
    const at = this.#depth;
    this.#depth += 1;
    for (let index = 0; index < list.length; index += 1) {
      const item: unknown = list[index];
      if (!isObject(item)) continue;
      this.#path[at] = index;
      this.#invitationParticipant(item, this.#depth);
      this.#visitIdentitySet(item, 'identity', '/identity');
    }
    this.#depth -= 2;
  }

  #visitNotifications(node: JsonObject): void {
    const list = node['value'];
    if (!Array.isArray(list)) return;
    this.#enter('/value');
    const at = this.#depth;
    this.#depth += 1;
    for (let index = 0; index < list.length; index += 1) {
      const item: unknown = list[index];
      if (!isObject(item)) continue;
      this.#path[at] = index;
      this.#notification(item, this.#depth);
      // A call's state without @odata.type is no operation: the schema leaves it unchecked (resource-data.ts).
      if (!isUntypedCallState(item)) this.#visitResourceData(item['resourceData']);
    }
    this.#depth -= 2;
  }

  #visitResourceData(data: unknown): void {
    const shape = shapeOfResourceData(data);
    if (shape === 'other' || shape === 'absent') return;
    this.#enter('/resourceData');
    if (shape === 'roster') {
      this.#visitParticipants(data as readonly unknown[]);
    } else if (shape === 'delta') {
      const delta = data as JsonObject;
      this.#deltaParticipants(delta, this.#depth);
      const list = delta['participants'];
      if (Array.isArray(list)) {
        this.#enter('/participants');
        this.#visitParticipants(list);
        this.#depth -= 1;
      }
    } else if (isInviteOperation(data as JsonObject)) {
      this.#visitOperation(data as JsonObject);
    } else {
      // Another operation: a commsOperation, whose participants (if any) are not invitations.
      this.#operation(data as JsonObject, this.#depth);
    }
    this.#depth -= 1;
  }

  /** A roster: participants directly below the visited path. */
  #visitParticipants(list: readonly unknown[]): void {
    const at = this.#depth;
    this.#depth += 1;
    for (let index = 0; index < list.length; index += 1) {
      const item: unknown = list[index];
      if (!isObject(item)) continue;
      this.#path[at] = index;
      this.#participant(item, this.#depth);
      this.#visitParticipantInfo(item, 'info', '/info');
      const recording = item['recordingInfo'];
      if (isObject(recording)) {
        this.#enter('/recordingInfo');
        this.#visitIdentitySet(recording, 'initiator', '/initiator');
        this.#visitParticipantInfo(recording, 'initiatedBy', '/initiatedBy');
        this.#depth -= 1;
      }
    }
    this.#depth -= 1;
  }

  /** The participantInfo at parent[key], if it is an object (segment: the key's). */
  #visitParticipantInfo(parent: JsonObject, key: string, segment: string): void {
    const info = parent[key];
    if (!isObject(info)) return;
    this.#enter(segment);
    this.#visitIdentitySet(info, 'identity', '/identity');
    this.#visitIdentitySet(info, 'nonAnonymizedIdentity', '/nonAnonymizedIdentity');
    this.#depth -= 1;
  }

  /** The identity set at parent[key], if it is an object, and every identity object in it (not under @ keys). */
  #visitIdentitySet(parent: JsonObject, key: string, segment: string): void {
    const set = parent[key];
    if (!isObject(set)) return;
    this.#enter(segment);
    this.#identitySetAt(set);
    this.#depth -= 1;
  }

  /** The identity set at the current path, and every identity object in it (not under @ keys). */
  #identitySetAt(set: JsonObject): void {
    this.#identitySet(set, this.#depth);
    const visitIdentity = this.#identity;
    for (const name in set) {
      // A key starting with @ is an annotation of the set, never an identity (identity-set-empty agrees).
      // Own keys only, asked last: most keys fail an earlier test (hasOwnProperty, above, says why not
      // Object.hasOwn).
      if (name.charCodeAt(0) === 0x40) continue;
      const identity = set[name];
      if (!isObject(identity) || !hasOwnProperty.call(set, name)) continue;
      this.#identityKey = name;
      visitIdentity(identity, name);
    }
    this.#identityKey = undefined;
  }
}
