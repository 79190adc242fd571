import type { RuleMeta } from '../../model/rule.js';

/** Rules about what a payload is, checked before the schema. */
export const kindRules = {
  kindUnknown: {
    id: 'kind-unknown',
    severity: 'error',
    description: 'The payload\'s kind cannot be told: no kind was given and the root @odata.type names none.',
    rationale: 'A payload is never checked against a schema guessed from its shape; name the kind instead.',
    params: {},
  },
  kindMismatch: {
    id: 'kind-mismatch',
    severity: 'error',
    description: 'The root @odata.type names another kind than the one the payload is checked as.',
    rationale: 'A payload checked against the wrong contract yields meaningless problems.',
    params: {},
  },
  legacyCallingFormat: {
    id: 'legacy-calling-format',
    severity: 'error',
    description: 'A payload in the legacy pre-Graph calling format (callState, presentedModalityTypes...) offered as commsNotifications.',
    rationale: 'The old Skype bot calling format is not commsNotifications; misreading it as one hides the real problem (an old endpoint registration).',
    params: {},
  },
} as const satisfies Record<string, RuleMeta>;
