import { createOnePassChecks, type OnePassVisits } from '../../generated/one-pass-checks.js';
import type { Kind } from '../model/kind.js';
import { identityDispatch, nodeDispatch } from './dispatch.js';
import { contractFormats } from './formats.js';
import { escapeToken } from '../model/pointer.js';
import { shapeOfResourceData } from '../contract/resource-data.js';
import { problemOf, type Problem } from '../model/problem.js';
import { isObject, type IdentityVisit, type JsonObject, type NodeVisit, type Rule, type RuleContext, type Token, type Visitors } from '../model/rule.js';

/** Every visit of one node type, each with its rule's context; depth is the path length at the node. */
type NodeDispatch = (node: JsonObject, depth: number) => void;

/**
 * Walks a payload along the contract's object graph and hands each contract object to the rules that
 * visit it. Built once per rule list: each node type knows its visitors in advance, and each rule has one
 * context whose problems go to the sink of the walk under way. It is defensive: a node of the wrong JSON
 * type is skipped (the schema reports it), so rules only ever see objects.
 *
 * The walker keeps the reference tokens from the root to the node it visits on one stack (written in
 * place up to a depth, never reallocated) and turns them into a JSON Pointer only when a rule reports:
 * most payloads are clean, and building a pointer string for every node cost as much as the rules.
 */
export class Walker {
  #kind: Kind = 'invite-request';
  #sink: Problem[] = [];
  /** Reference tokens, unescaped, from the root to the node being visited: the first #depth entries. */
  readonly #path: Token[] = [];
  /** How many tokens of the path lead to the node being visited. */
  #depth = 0;
  /** The one-pass check of each kind, calling this walker's visits. */
  readonly #checks: ReturnType<typeof createOnePassChecks>;
  /** #prefixes[d] is the pointer of #prefixTokens[0..d), for d up to #prefixDepth. */
  readonly #prefixes: string[] = [''];
  readonly #prefixTokens: Token[] = [];
  #prefixDepth = 0;
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
      contexts.set(rule, {
        get kind() {
          return walker.#kind;
        },
        report(message, params, below, further) {
          let pointer = walker.#pointer();
          if (below !== undefined) pointer += `/${escapeToken(below)}`;
          if (further !== undefined) pointer += `/${escapeToken(further)}`;
          walker.#sink.push(problemOf(rule, pointer, message, params));
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
  check(kind: Kind, root: unknown, sink: Problem[]): boolean {
    this.#kind = kind;
    this.#sink = sink;
    try {
      return this.#checks[kind](root);
    } finally {
      this.#sink = [];
    }
  }

  /** Walks a whole payload of the given kind; problems are appended to sink. */
  walk(kind: Kind, root: unknown, sink: Problem[]): void {
    if (!isObject(root)) return;
    this.#kind = kind;
    this.#sink = sink;
    this.#depth = 0;
    try {
      if (kind === 'invite-request') this.#visitRequest(root);
      else if (kind === 'invite-operation') this.#visitOperation(root);
      else this.#visitNotifications(root);
    } finally {
      this.#sink = [];
    }
  }

  /**
   * The JSON Pointer of the visited node. The pointers of its path's prefixes are kept from earlier
   * reports, with the tokens they were built from: problems come in bunches under one notification or
   * participant, and joining strings token by token cost more than the checks that found them.
   */
  #pointer(): string {
    const depth = this.#depth;
    const path = this.#path;
    const tokens = this.#prefixTokens;
    const prefixes = this.#prefixes;
    const reusable = Math.min(depth, this.#prefixDepth);
    let known = 0;
    while (known < reusable && tokens[known] === path[known]) known += 1;
    let pointer = prefixes[known] as string;
    for (let i = known; i < depth; i += 1) {
      const token = path[i] as Token;
      tokens[i] = token;
      pointer += `/${escapeToken(token)}`;
      prefixes[i + 1] = pointer;
    }
    // Rebuilt from `known` on: deeper prefixes were built from other tokens.
    if (known < depth) this.#prefixDepth = depth;
    return pointer;
  }

  /** Steps one token down. */
  #enter(token: Token): void {
    this.#path[this.#depth] = token;
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
    this.#enter('participants');
    const at = this.#depth;
    this.#depth += 1;
    for (let index = 0; index < list.length; index += 1) {
      const item: unknown = list[index];
      if (!isObject(item)) continue;
      this.#path[at] = index;
      this.#invitationParticipant(item, this.#depth);
      this.#visitIdentitySet(item, 'identity');
    }
    this.#depth -= 2;
  }

  #visitNotifications(node: JsonObject): void {
    const list = node['value'];
    if (!Array.isArray(list)) return;
    this.#enter('value');
    const at = this.#depth;
    this.#depth += 1;
    for (let index = 0; index < list.length; index += 1) {
      const item: unknown = list[index];
      if (!isObject(item)) continue;
      this.#path[at] = index;
      this.#notification(item, this.#depth);
      this.#visitResourceData(item['resourceData']);
    }
    this.#depth -= 2;
  }

  #visitResourceData(data: unknown): void {
    const shape = shapeOfResourceData(data);
    if (shape === 'other' || shape === 'absent') return;
    this.#enter('resourceData');
    if (shape === 'roster') {
      this.#visitParticipants(data as readonly unknown[]);
    } else if (shape === 'delta') {
      const delta = data as JsonObject;
      this.#deltaParticipants(delta, this.#depth);
      const list = delta['participants'];
      if (Array.isArray(list)) {
        this.#enter('participants');
        this.#visitParticipants(list);
        this.#depth -= 1;
      }
    } else {
      this.#visitOperation(data as JsonObject);
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
      this.#visitParticipantInfo(item, 'info');
      const recording = item['recordingInfo'];
      if (isObject(recording)) {
        this.#enter('recordingInfo');
        this.#visitIdentitySet(recording, 'initiator');
        this.#visitParticipantInfo(recording, 'initiatedBy');
        this.#depth -= 1;
      }
    }
    this.#depth -= 1;
  }

  /** The participantInfo at parent[key], if it is an object. */
  #visitParticipantInfo(parent: JsonObject, key: string): void {
    const info = parent[key];
    if (!isObject(info)) return;
    this.#enter(key);
    this.#visitIdentitySet(info, 'identity');
    this.#visitIdentitySet(info, 'nonAnonymizedIdentity');
    this.#depth -= 1;
  }

  /** The identity set at parent[key], if it is an object, and every identity object in it (not under @ keys). */
  #visitIdentitySet(parent: JsonObject, key: string): void {
    const set = parent[key];
    if (!isObject(set)) return;
    this.#enter(key);
    this.#identitySetAt(set);
    this.#depth -= 1;
  }

  /** The identity set at the current path, and every identity object in it (not under @ keys). */
  #identitySetAt(set: JsonObject): void {
    this.#identitySet(set, this.#depth);
    const visitIdentity = this.#identity;
    const at = this.#depth;
    this.#depth += 1;
    for (const name in set) {
      // A key starting with @ is an annotation of the set, never an identity (identity-set-empty agrees).
      // Own keys only, asked last: it is the dearest test, and most keys fail an earlier one.
      if (name.charCodeAt(0) === 0x40) continue;
      const identity = set[name];
      if (!isObject(identity) || !Object.hasOwn(set, name)) continue;
      this.#path[at] = name;
      visitIdentity(identity, name);
    }
    this.#depth -= 1;
  }
}
