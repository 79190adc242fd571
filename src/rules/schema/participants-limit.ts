import { problemOf, type Problem } from '../../model/problem.js';
import { isRequestParticipants, type SchemaError, type SchemaRule } from './schema-error.js';

/** More participants than one invite takes. */
export const participantsLimit = {
  id: 'participants-limit',
  severity: 'error',
  description: 'An invite request with more than 5 participants.',
  rationale: 'The documentation supports inviting at most 5 participants at once (into a group call with a valid chatInfo).',
  params: { limit: 'the most participants one invite takes', found: 'how many it has' },
  fromError(found: SchemaError): Problem | undefined {
    if (found.error.keyword !== 'maxItems' || !isRequestParticipants(found)) return undefined;
    const count = (found.value as unknown[]).length;
    const limit = found.error.params['limit'] as number;
    return problemOf(participantsLimit, found.pointer, `${count} participants: an invite takes at most ${String(limit)}`, { limit, found: count });
  },
} as const satisfies SchemaRule;
