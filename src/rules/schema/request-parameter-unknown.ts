import { childPointer } from '../../model/pointer.js';
import { problemOf, type Problem } from '../../model/problem.js';
import type { SchemaError, SchemaRule } from './schema-error.js';

/** The invite's parameters: all its body may name (annotations and a .NET serializer's $ keys aside). */
const parameters = ['participants', 'clientContext'];

/** A key of the invite request body that is no parameter of the action (clientContxt, a stray field). */
export const requestParameterUnknown = {
  id: 'request-parameter-unknown',
  severity: 'error',
  locate: 'key',
  description: 'A key of the invite request body that is not one of the action\'s parameters (participants, clientContext); annotations (@odata.type, participants@odata.type) and the $id and $ref of a .NET serializer\'s logs are let by.',
  rationale: 'An action takes exactly its parameters: the service refuses a body naming another, and a misspelt clientContext would be lost.',
  params: { key: 'the key as given', parameters: 'the parameters the action takes', near: 'the parameter the key names in another case, if any' },
  fromError(found: SchemaError): Problem | undefined {
    if (found.error.keyword !== 'additionalProperties' || found.kind !== 'invite-request' || found.pointer !== '') return undefined;
    const key = String(found.error.params['additionalProperty']);
    // A parameter in another case (Participants, as PowerShell's ConvertTo-Json writes it) is named.
    const near = parameters.find((parameter) => parameter.toLowerCase() === key.toLowerCase());
    const hint = near === undefined ? `which takes ${parameters.join(' and ')}` : `whose parameter is ${near} (names are case-sensitive)`;
    return problemOf(requestParameterUnknown, childPointer('', key), `${JSON.stringify(key)} is not a parameter of invite, ${hint}`, { key, parameters: parameters.join(', '), ...(near === undefined ? {} : { near }) });
  },
} as const satisfies SchemaRule;
