import type { LocatedProblem } from '../model/problem.js';

/** The member of the error object that holds the contract's located problems: not Graph's, documented in docs/simulator.md. */
export const problemsMember = 'contractProblems';

/** Graph's error body: error.code and message, innerError with the request id and date; plus the located problems when the body broke the contract. */
export function graphError(code: string, message: string, requestId: string, clientRequestId: string | undefined, problems?: readonly LocatedProblem[]): Record<string, unknown> {
  const innerError: Record<string, string> = { date: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), 'request-id': requestId };
  if (clientRequestId !== undefined) innerError['client-request-id'] = clientRequestId;
  return { error: { code, message, innerError, ...(problems === undefined ? {} : { [problemsMember]: problems }) } };
}
