import { problemOf, type Problem } from '../../model/problem.js';
import { foundParam, shown, type SchemaError, type SchemaRule } from './schema-error.js';

/** A string that fails its format (the resource paths: uri-reference). */
export const formatMismatch = {
  id: 'format-mismatch',
  severity: 'error',
  description: 'A resource path that is not a valid URI reference.',
  rationale: 'Resource paths are parsed as URIs by bots and SDKs.',
  params: { format: 'the format the schema names', found: 'the value' },
  fromError(found: SchemaError): Problem | undefined {
    if (found.error.keyword !== 'format') return undefined;
    const format = String(found.error.params['format']);
    return problemOf(formatMismatch, found.pointer, `${found.name} ${shown(found.value)} is not a valid ${format}`, { format, found: foundParam(found.value) });
  },
} as const satisfies SchemaRule;
