/**
 * The contract objects the walker visits, by the schema file that describes them: the one-pass checks
 * (generated/one-pass-checks.ts) call the walker's visit of the same name where they pass those schemas.
 */
export const visitedSchemas = {
  'invite-request.schema.json': 'request',
  // Every operation, the invite's included (its schema holds this one in allOf).
  'comms-operation.schema.json': 'operation',
  'comms-notification.schema.json': 'notification',
  'invitation-participant-info.schema.json': 'invitationParticipant',
  'participant.schema.json': 'participant',
  'delta-participants.schema.json': 'deltaParticipants',
  'communications-identity-set.schema.json': 'identitySet',
} as const;
