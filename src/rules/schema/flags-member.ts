import { problemOf, type Problem } from '../../model/problem.js';
import { foundParam, shown, type SchemaError, type SchemaRule } from './schema-error.js';

/** Schema files of the flags enums: their pattern failures are flags-member problems. */
export const flagsSchemaFiles: readonly string[] = [
  'online-meeting-content-sharing-disabled-reason.schema.json',
  'online-meeting-video-disabled-reason.schema.json',
];

/** The members both flags enums of the contract have. */
const members = ['watermarkProtection', 'unknownFutureValue'];

/** A flags enum value that is not members joined by commas. */
export const flagsMember = {
  id: 'flags-member',
  severity: 'error',
  description: 'A flags enum value that is not one member or several joined by commas.',
  rationale: 'Flags enums travel as comma-separated members; anything else cannot be parsed into flags.',
  params: { allowed: 'the members that may be joined', found: 'the value' },
  fromError(found: SchemaError): Problem | undefined {
    if (found.error.keyword !== 'pattern' || !flagsSchemaFiles.some((file) => found.error.schemaPath.startsWith(file))) return undefined;
    return problemOf(flagsMember, found.pointer, `${found.name} ${shown(found.value)} is not one or more of ${members.join(', ')} joined by commas`, { allowed: members, found: foundParam(found.value) });
  },
} as const satisfies SchemaRule;
