import { Ajv2020 } from 'ajv/dist/2020.js';
import { scenarioSchema } from './scenario-schema.js';
import { validate } from '../validate/validate.js';

export interface ResultInfo {
  readonly code: number;
  readonly subcode: number;
  readonly message?: string;
}

export interface Outcome {
  readonly status: 'completed' | 'failed';
  readonly resultInfo?: ResultInfo;
}

export interface Faults {
  readonly jitterMs: number;
  readonly duplicate: boolean;
  readonly outOfOrder: boolean;
  readonly loseOperation: boolean;
  readonly pascalCaseStatus: boolean;
  readonly responseDelayMs: number;
  readonly forgedToken: boolean;
}

export interface CallScenario {
  readonly id: string;
  readonly callbackUrl: string;
  readonly participants: readonly unknown[];
  readonly outcome: Outcome;
  readonly faults: Faults;
}

/** A scenario with every default filled in: what the simulator plays, and what it prints on start. */
export interface Scenario {
  readonly appId: string;
  readonly tenantId: string;
  readonly issuer: 'https://graph.microsoft.com' | 'https://api.botframework.com';
  readonly token: string | undefined;
  /** The invite's bearer is read as an access token for Graph: audience, lifetime, the invite's role. */
  readonly checkTokenClaims: boolean;
  readonly calls: readonly CallScenario[];
  readonly roster: 'full' | 'delta' | 'none';
  readonly delays: { readonly operationMs: number; readonly rosterMs: number };
  readonly callbacks: { readonly timeoutMs: number; readonly retries: number; readonly backoffMs: number; readonly slowMs: number };
  readonly limits: { readonly maxBodyBytes: number; readonly requestTimeoutMs: number };
  readonly allowRemoteCallbacks: boolean;
}

/** A scenario that breaks its schema or names a callback the simulator may not call. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

// Fixed, recognisable ids: a zero-config run is the same every time, and its tokens are checked against
// the app id it prints.
export const defaultAppId = '00000000-0000-4000-8000-00000000a991';
export const defaultTenantId = '00000000-0000-4000-8000-0000000071d0';
export const defaultCallId = '00000000-0000-4000-8000-00000000ca11';
/** Port 3978 is where Bot Framework samples listen. */
export const defaultCallbackUrl = 'http://127.0.0.1:3978/api/calls';

const defaultFaults: Faults = { jitterMs: 0, duplicate: false, outOfOrder: false, loseOperation: false, pascalCaseStatus: false, responseDelayMs: 0, forgedToken: false };

let checkSchema: ((value: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null } | undefined;

/** The schema's errors for a scenario, as "pointer: message" lines. */
function schemaErrors(value: unknown): string[] {
  // Compiled on first use: a simulator starts once, and nothing else in the package pays for it.
  checkSchema ??= new Ajv2020({ allErrors: true, strict: false }).compile(scenarioSchema);
  if (checkSchema(value)) return [];
  return (checkSchema.errors ?? []).map((error) => `${error.instancePath === '' ? '(root)' : error.instancePath}: ${error.message ?? 'is not allowed'}`);
}

/** True for a callback host on this machine: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

type Given = Record<string, unknown>;

const member = (value: unknown, key: string): Given => ((value as Given | undefined)?.[key] ?? {}) as Given;

/** The errors the contract finds in a value, each as "where: message (rule)". */
function errorsOf(where: string, value: unknown, kind: 'invite-request' | 'invite-operation'): string[] {
  return validate(value, { kind })
    .problems.filter((problem) => problem.severity === 'error')
    .map((problem) => `${where}: ${problem.message} (${problem.ruleId})`);
}

/**
 * What of a scenario goes into the notifications as it is, checked against the contract: each participant's
 * identity set (listed in roster updates, as an invite's would be) and each failed outcome's resultInfo. A
 * scenario the schema takes could otherwise make the simulator send notifications a bot rightly refuses.
 */
function contractErrors(calls: readonly CallScenario[], outcome: Outcome): string[] {
  const operation = (info: unknown): unknown => ({ '@odata.type': '#microsoft.graph.inviteParticipantsOperation', id: 'op', status: 'failed', resultInfo: info });
  const errors = outcome.status === 'failed' ? errorsOf('outcome.resultInfo', operation(outcome.resultInfo), 'invite-operation') : [];
  calls.forEach((call, index) => {
    call.participants.forEach((set, at) => errors.push(...errorsOf(`calls[${index}].participants[${at}]`, { participants: [{ identity: set }] }, 'invite-request')));
    if (call.outcome !== outcome && call.outcome.status === 'failed') errors.push(...errorsOf(`calls[${index}].outcome.resultInfo`, operation(call.outcome.resultInfo), 'invite-operation'));
  });
  return errors;
}

/**
 * The scenario a value declares, defaults filled in (undefined: the zero-config scenario, one call).
 * @throws {ScenarioError} naming every place the value breaks the schema, or a callback URL off this machine
 * while allowRemoteCallbacks is not true.
 */
export function resolveScenario(given: unknown = {}): Scenario {
  const errors = schemaErrors(given);
  if (errors.length > 0) throw new ScenarioError(`the scenario does not match scenario.schema.json: ${errors.join('; ')}`);
  const value = given as Given;
  const outcome = (value['outcome'] as Outcome | undefined) ?? { status: 'completed' };
  const faults: Faults = { ...defaultFaults, ...member(value, 'faults') };
  const calls = ((value['calls'] as Given[] | undefined) ?? [{ id: defaultCallId, callbackUrl: defaultCallbackUrl }]).map(
    (call): CallScenario => ({
      id: call['id'] as string,
      callbackUrl: call['callbackUrl'] as string,
      participants: (call['participants'] as unknown[] | undefined) ?? [],
      outcome: (call['outcome'] as Outcome | undefined) ?? outcome,
      faults: { ...faults, ...member(call, 'faults') },
    }),
  );
  const ids = new Set<string>();
  for (const call of calls) {
    if (ids.has(call.id)) throw new ScenarioError(`the scenario declares call ${call.id} twice`);
    ids.add(call.id);
  }
  const contract = contractErrors(calls, outcome);
  if (contract.length > 0) throw new ScenarioError(`the scenario would make the simulator send what the contract refuses: ${contract.join('; ')}`);
  const allowRemoteCallbacks = value['allowRemoteCallbacks'] === true;
  const remote = calls.find((call) => !isLoopbackUrl(call.callbackUrl));
  if (remote !== undefined && !allowRemoteCallbacks) {
    throw new ScenarioError(`call ${remote.id}: callback ${remote.callbackUrl} is not on this machine; set allowRemoteCallbacks to call it`);
  }
  return {
    appId: (value['appId'] as string | undefined) ?? defaultAppId,
    tenantId: (value['tenantId'] as string | undefined) ?? defaultTenantId,
    issuer: (value['issuer'] as Scenario['issuer'] | undefined) ?? 'https://graph.microsoft.com',
    token: value['token'] as string | undefined,
    checkTokenClaims: value['checkTokenClaims'] === true,
    calls,
    roster: (value['roster'] as Scenario['roster'] | undefined) ?? 'full',
    delays: { operationMs: 50, rosterMs: 100, ...member(value, 'delays') },
    callbacks: { timeoutMs: 5000, retries: 2, backoffMs: 200, slowMs: 1000, ...member(value, 'callbacks') },
    limits: { maxBodyBytes: 1048576, requestTimeoutMs: 10000, ...member(value, 'limits') },
    allowRemoteCallbacks,
  };
}
