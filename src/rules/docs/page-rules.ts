import type { RuleMeta } from '../../model/rule.js';

/** Rules about how reference pages are put together: annotations and the pairing of their blocks. */
export const pageRules = {
  docsAnnotation: {
    id: 'docs-annotation',
    severity: 'error',
    description: 'The JSON annotation in the HTML comment before a code block is not valid JSON, or its blockType, truncated or @odata.type is missing where required or of the wrong form.',
    rationale: 'The annotation says what the block is; a block whose annotation cannot be read is not checked at all.',
    params: {},
  },
  docsUnpairedResponse: {
    id: 'docs-unpaired-response',
    severity: 'error',
    description: 'A response block with no request block before it, or after a request whose response was already given.',
    rationale: 'A response belongs to the request before it; without one it cannot be correlated, and readers cannot tell what it answers.',
    params: {},
  },
} as const satisfies Record<string, RuleMeta>;
