import type { Kind } from './kinds.js';
import { childPointer } from './pointer.js';
import { classifyResourceData } from './resource-data.js';
import type { Problem } from './problem.js';
import { isObject, type JsonObject, type Rule, type RuleContext, type Visitors } from './rules/rule.js';

type NodeVisit = (node: JsonObject, pointer: string, context: RuleContext) => void;
type IdentityVisit = (node: JsonObject, pointer: string, key: string, context: RuleContext) => void;
type VisitorName = Exclude<keyof Visitors, 'identity'>;

/** The visitors of one node type, each with the context of its rule. */
type Bound<V> = ReadonlyArray<readonly [visit: V, context: RuleContext]>;

/**
 * Walks a payload along the contract's object graph and hands each contract object to the rules that
 * visit it. Built once per rule list: each node type knows its visitors in advance, and each rule has one
 * context whose problems go to the sink of the walk under way. It is defensive: a node of the wrong JSON
 * type is skipped (the schema reports it), so rules only ever see objects.
 */
export class Walker {
  #kind: Kind = 'invite-request';
  #sink: Problem[] = [];
  readonly #visitors: Readonly<Record<VisitorName, Bound<NodeVisit>>>;
  readonly #identityVisitors: Bound<IdentityVisit>;

  constructor(rules: readonly Rule[]) {
    const contexts = new Map<Rule, RuleContext>();
    for (const rule of rules) {
      const walker = this;
      contexts.set(rule, {
        get kind() {
          return walker.#kind;
        },
        report(pointer, message) {
          walker.#sink.push({ ruleId: rule.id, severity: rule.severity, message, pointer });
        },
      });
    }
    const bind = <V>(pick: (visitors: Visitors) => V | undefined): Bound<V> =>
      rules.flatMap((rule) => {
        const visit = pick(rule.visitors);
        return visit === undefined ? [] : [[visit, contexts.get(rule) as RuleContext] as const];
      });
    this.#visitors = {
      request: bind((v) => v.request),
      operation: bind((v) => v.operation),
      notification: bind((v) => v.notification),
      invitationParticipant: bind((v) => v.invitationParticipant),
      participant: bind((v) => v.participant),
      deltaParticipants: bind((v) => v.deltaParticipants),
      identitySet: bind((v) => v.identitySet),
    };
    this.#identityVisitors = bind((v) => v.identity);
  }

  /** Walks a whole payload of the given kind; problems are appended to sink. Not re-entrant. */
  walk(kind: Kind, root: unknown, sink: Problem[]): void {
    if (!isObject(root)) return;
    this.#kind = kind;
    this.#sink = sink;
    try {
      if (kind === 'invite-request') this.#request(root, '');
      else if (kind === 'invite-operation') this.#operation(root, '');
      else this.#notifications(root, '');
    } finally {
      this.#sink = [];
    }
  }

  #emit(name: VisitorName, node: JsonObject, pointer: string): void {
    const visitors = this.#visitors[name];
    // An indexed loop: this runs for every contract object of every payload.
    for (let i = 0; i < visitors.length; i += 1) {
      const [visit, context] = visitors[i] as Bound<NodeVisit>[number];
      visit(node, pointer, context);
    }
  }

  #request(node: JsonObject, pointer: string): void {
    this.#emit('request', node, pointer);
    this.#invitationParticipants(node['participants'], `${pointer}/participants`);
  }

  #operation(node: JsonObject, pointer: string): void {
    this.#emit('operation', node, pointer);
    this.#invitationParticipants(node['participants'], `${pointer}/participants`);
  }

  #invitationParticipants(list: unknown, pointer: string): void {
    if (!Array.isArray(list)) return;
    for (let index = 0; index < list.length; index += 1) {
      const item: unknown = list[index];
      if (!isObject(item)) continue;
      const itemPointer = `${pointer}/${index}`;
      this.#emit('invitationParticipant', item, itemPointer);
      this.#identitySet(item['identity'], `${itemPointer}/identity`);
    }
  }

  #notifications(node: JsonObject, pointer: string): void {
    const list = node['value'];
    if (!Array.isArray(list)) return;
    for (let index = 0; index < list.length; index += 1) {
      const item: unknown = list[index];
      if (!isObject(item)) continue;
      const itemPointer = `${pointer}/value/${index}`;
      this.#emit('notification', item, itemPointer);
      this.#resourceData(item['resourceData'], `${itemPointer}/resourceData`);
    }
  }

  #resourceData(data: unknown, pointer: string): void {
    const found = classifyResourceData(data);
    if (found.shape === 'roster') {
      this.#participants(found.participants, pointer);
    } else if (found.shape === 'delta') {
      this.#emit('deltaParticipants', found.delta, pointer);
      this.#participants(found.delta['participants'], `${pointer}/participants`);
    } else if (found.shape === 'operation') {
      this.#operation(found.operation, pointer);
    }
  }

  #participants(list: unknown, pointer: string): void {
    if (!Array.isArray(list)) return;
    for (let index = 0; index < list.length; index += 1) {
      const item: unknown = list[index];
      if (!isObject(item)) continue;
      const itemPointer = `${pointer}/${index}`;
      this.#emit('participant', item, itemPointer);
      this.#participantInfo(item['info'], `${itemPointer}/info`);
      const recording = item['recordingInfo'];
      if (isObject(recording)) {
        this.#identitySet(recording['initiator'], `${itemPointer}/recordingInfo/initiator`);
        this.#participantInfo(recording['initiatedBy'], `${itemPointer}/recordingInfo/initiatedBy`);
      }
    }
  }

  #participantInfo(info: unknown, pointer: string): void {
    if (!isObject(info)) return;
    this.#identitySet(info['identity'], `${pointer}/identity`);
    this.#identitySet(info['nonAnonymizedIdentity'], `${pointer}/nonAnonymizedIdentity`);
  }

  #identitySet(set: unknown, pointer: string): void {
    if (!isObject(set)) return;
    this.#emit('identitySet', set, pointer);
    for (const key in set) {
      if (!Object.hasOwn(set, key)) continue;
      const identity = set[key];
      if (!isObject(identity)) continue;
      // Keys of identity sets come from the payload, so they are escaped; the walker's own tokens need not be.
      const identityPointer = childPointer(pointer, key);
      for (let i = 0; i < this.#identityVisitors.length; i += 1) {
        const [visit, context] = this.#identityVisitors[i] as Bound<IdentityVisit>[number];
        visit(identity, identityPointer, key, context);
      }
    }
  }
}
