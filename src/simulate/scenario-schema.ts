/**
 * The scenario's JSON Schema, kept here so that the library checks a scenario without reading a file;
 * schemas/tooling/scenario.schema.json is this object as published (test/simulate-scenario.test.ts keeps
 * the two equal).
 */
const milliseconds = { type: 'integer', minimum: 0, maximum: 600000 } as const;
const resultInfo = {
  type: 'object',
  description: "The failed operation's resultInfo, as Graph sends it (code: an HTTP-like status, subcode: Graph's diagnostic code).",
  properties: { code: { type: 'integer' }, subcode: { type: 'integer' }, message: { type: 'string' } },
  required: ['code', 'subcode'],
  additionalProperties: false,
} as const;
const outcome = {
  type: 'object',
  description: 'How every valid invite to the call ends: completed (the default), or failed with resultInfo.',
  properties: { status: { enum: ['completed', 'failed'] }, resultInfo },
  required: ['status'],
  additionalProperties: false,
} as const;
const faults = {
  type: 'object',
  description: 'Misbehaviour of Graph on demand.',
  properties: {
    jitterMs: { ...milliseconds, description: 'Up to this much is added at random to each callback delay.' },
    duplicate: { type: 'boolean', description: 'Every notification is sent twice.' },
    outOfOrder: { type: 'boolean', description: 'The roster update is sent before the operation notification.' },
    loseOperation: { type: 'boolean', description: 'The operation notification is never sent.' },
    pascalCaseStatus: { type: 'boolean', description: 'The operation status is sent as Completed / Failed, as the C# SDK writes it.' },
    responseDelayMs: { ...milliseconds, description: 'The invite is answered this late (a slow Graph).' },
    forgedToken: { type: 'boolean', description: 'Before the first notification, the same one is sent once more for each way its token can be wrong (a forged signature, none, another audience, another issuer, expired): a bot that accepts one is reported.' },
  },
  additionalProperties: false,
} as const;
const identitySet = { type: 'object', description: 'An identitySet, as in an invite request (user, application, phone...).' } as const;

export const scenarioSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://graph-invite-contract.dev/schemas/tooling/scenario.schema.json',
  title: 'Simulator scenario',
  description: 'What graph-invite-contract simulate plays: the calls a bot may invite into, how invites end, delays and faults. Every member is optional.',
  type: 'object',
  properties: {
    $schema: { type: 'string' },
    appId: { type: 'string', minLength: 1, description: "The bot's app id: the audience of every callback token." },
    tenantId: { type: 'string', minLength: 1, description: 'The tenant id: the tid claim of every callback token.' },
    issuer: { enum: ['https://graph.microsoft.com', 'https://api.botframework.com'], description: 'The iss claim of callback tokens.' },
    token: { type: 'string', minLength: 1, description: 'When given, the only bearer token accepted; otherwise any non-empty one is.' },
    checkTokenClaims: { type: 'boolean', description: "The invite's bearer must read as Graph's app-only access token: a JWT for Graph (aud), unexpired, with the Calls.InitiateGroupCall.All role; its signature is not checked." },
    calls: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', minLength: 1, pattern: '^[^/?#\\s]+$' },
          callbackUrl: { type: 'string', pattern: '^https?://', description: "The bot's callback URL: where this call's notifications go." },
          participants: { type: 'array', items: identitySet, description: 'Who is already in the call (listed in full roster updates).' },
          outcome,
          faults,
        },
        required: ['id', 'callbackUrl'],
        additionalProperties: false,
      },
    },
    outcome,
    roster: { enum: ['full', 'delta', 'none'], description: 'How roster updates are sent: the whole roster (default), deltas with sequence numbers, or none.' },
    delays: {
      type: 'object',
      properties: {
        operationMs: { ...milliseconds, description: 'From the invite response to the operation notification.' },
        rosterMs: { ...milliseconds, description: 'From the invite response to the roster update.' },
      },
      additionalProperties: false,
    },
    faults,
    callbacks: {
      type: 'object',
      properties: {
        timeoutMs: { ...milliseconds, minimum: 1, description: 'How long the bot has to answer a callback.' },
        retries: { type: 'integer', minimum: 0, maximum: 10, description: 'Attempts after the first when the bot answers 5xx or not in time.' },
        backoffMs: { ...milliseconds, description: 'The wait before the first retry; doubled for each next one.' },
        slowMs: { ...milliseconds, description: 'An answer later than this is reported as slow.' },
      },
      additionalProperties: false,
    },
    limits: {
      type: 'object',
      properties: {
        maxBodyBytes: { type: 'integer', minimum: 1, maximum: 104857600, description: 'Larger invite bodies get 413.' },
        requestTimeoutMs: { ...milliseconds, minimum: 100, description: 'A client slower than this to send its request is cut off.' },
      },
      additionalProperties: false,
    },
    allowRemoteCallbacks: { type: 'boolean', description: 'Allow callback URLs that are not loopback addresses.' },
  },
  additionalProperties: false,
} as const;
