import { jsonType } from '../../model/describe.js';
import { problemAt, problemOf, type LocatedProblem, type Position, type Problem } from '../../model/problem.js';
import { isRequestParticipants, type SchemaError, type SchemaRule } from './schema-error.js';

/** An invite with nobody to invite: participants missing, null, not an array, or empty. */
export const participantsRequired = {
  id: 'participants-required',
  severity: 'error',
  description: 'An invite request whose participants is missing, null, not an array or empty.',
  rationale: 'The invite needs at least one participant; the service rejects the request otherwise.',
  params: { found: 'missing (no participants, or an HTTP request with no body), empty, or the JSON type of the value (null, object...)' },
  fromError(found: SchemaError): Problem | undefined {
    const { keyword } = found.error;
    if (keyword === 'required' && found.kind === 'invite-request' && found.pointer === '' && found.error.params['missingProperty'] === 'participants') {
      return problemOf(participantsRequired, found.pointer, 'participants is missing; an invite needs 1 to 5 participants', { found: 'missing' });
    }
    if (!isRequestParticipants(found)) return undefined;
    if (keyword === 'type') {
      const type = jsonType(found.value);
      return problemOf(participantsRequired, found.pointer, `participants is ${type}; an invite needs an array of 1 to 5 participants`, { found: type });
    }
    if (keyword === 'minItems') return problemOf(participantsRequired, found.pointer, 'participants is empty; an invite needs at least one participant', { found: 'empty' });
    return undefined;
  },
  /** An invite request with no body at all: the one case of this rule no schema sees. */
  bodyMissing(at: Position): LocatedProblem {
    return problemAt(participantsRequired, 'the invite request has no body, so no participants to invite', at, '', { found: 'missing' });
  },
} as const satisfies SchemaRule;
