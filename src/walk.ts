import type { Kind } from './kinds.js';
import { childPointer } from './pointer.js';
import { isObject, type JsonObject, type Rule, type RuleContext, type Visitors } from './rules/rule.js';

type VisitorName = Exclude<keyof Visitors, 'identity'>;

/**
 * Walks a payload along the contract's object graph and hands each contract object to the rules that
 * visit it. It is defensive: a node of the wrong JSON type is skipped (the schema reports it), so rules
 * only ever see objects.
 */
export class Walker {
  readonly #rules: readonly Rule[];
  readonly #contexts: Map<Rule, RuleContext>;

  constructor(rules: readonly Rule[], contextFor: (rule: Rule) => RuleContext) {
    this.#rules = rules;
    this.#contexts = new Map(rules.map((rule) => [rule, contextFor(rule)]));
  }

  /** Walks a whole payload of the given kind. */
  walk(kind: Kind, root: unknown): void {
    if (!isObject(root)) return;
    if (kind === 'invite-request') this.#request(root, '');
    else if (kind === 'invite-operation') this.#operation(root, '');
    else this.#notifications(root, '');
  }

  #emit(name: VisitorName, node: JsonObject, pointer: string): void {
    for (const rule of this.#rules) {
      const visit = rule.visitors[name];
      if (visit !== undefined) visit(node, pointer, this.#contexts.get(rule) as RuleContext);
    }
  }

  #request(node: JsonObject, pointer: string): void {
    this.#emit('request', node, pointer);
    this.#invitationParticipants(node['participants'], childPointer(pointer, 'participants'));
  }

  #operation(node: JsonObject, pointer: string): void {
    this.#emit('operation', node, pointer);
    this.#invitationParticipants(node['participants'], childPointer(pointer, 'participants'));
  }

  #invitationParticipants(list: unknown, pointer: string): void {
    if (!Array.isArray(list)) return;
    list.forEach((item, index) => {
      if (!isObject(item)) return;
      const itemPointer = childPointer(pointer, index);
      this.#emit('invitationParticipant', item, itemPointer);
      this.#identitySet(item['identity'], childPointer(itemPointer, 'identity'));
    });
  }

  #notifications(node: JsonObject, pointer: string): void {
    const list = node['value'];
    if (!Array.isArray(list)) return;
    const listPointer = childPointer(pointer, 'value');
    list.forEach((item, index) => {
      if (!isObject(item)) return;
      const itemPointer = childPointer(listPointer, index);
      this.#emit('notification', item, itemPointer);
      this.#resourceData(item['resourceData'], childPointer(itemPointer, 'resourceData'));
    });
  }

  /** Mirrors the resourceData branches of comms-notification.schema.json. */
  #resourceData(data: unknown, pointer: string): void {
    if (Array.isArray(data)) {
      this.#participants(data, pointer);
    } else if (isObject(data)) {
      const type = data['@odata.type'];
      if (typeof type === 'string' && type.endsWith('deltaParticipants')) {
        this.#emit('deltaParticipants', data, pointer);
        this.#participants(data['participants'], childPointer(pointer, 'participants'));
      } else {
        this.#operation(data, pointer);
      }
    }
  }

  #participants(list: unknown, pointer: string): void {
    if (!Array.isArray(list)) return;
    list.forEach((item, index) => {
      if (!isObject(item)) return;
      const itemPointer = childPointer(pointer, index);
      this.#emit('participant', item, itemPointer);
      this.#participantInfo(item['info'], childPointer(itemPointer, 'info'));
      const recording = item['recordingInfo'];
      if (isObject(recording)) {
        const recordingPointer = childPointer(itemPointer, 'recordingInfo');
        this.#identitySet(recording['initiator'], childPointer(recordingPointer, 'initiator'));
        this.#participantInfo(recording['initiatedBy'], childPointer(recordingPointer, 'initiatedBy'));
      }
    });
  }

  #participantInfo(info: unknown, pointer: string): void {
    if (!isObject(info)) return;
    this.#identitySet(info['identity'], childPointer(pointer, 'identity'));
    this.#identitySet(info['nonAnonymizedIdentity'], childPointer(pointer, 'nonAnonymizedIdentity'));
  }

  #identitySet(set: unknown, pointer: string): void {
    if (!isObject(set)) return;
    this.#emit('identitySet', set, pointer);
    for (const [key, identity] of Object.entries(set)) {
      if (!isObject(identity)) continue;
      const identityPointer = childPointer(pointer, key);
      for (const rule of this.#rules) {
        const visit = rule.visitors.identity;
        if (visit !== undefined) visit(identity, identityPointer, key, this.#contexts.get(rule) as RuleContext);
      }
    }
  }
}
