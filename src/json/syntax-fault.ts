import { scanSourceCapped } from './scanner.js';

/**
 * Where a text that JSON.parse refused first goes wrong (1-based line and column, as payloads' syntax
 * errors are placed) and what is wrong there, for the files the CLI reads besides payloads: a config, a
 * package.json, a baseline. JSON.parse itself gives only a character offset, worded differently by each
 * Node.js release. Undefined when the scanner finds no syntax fault (the text was fine after all).
 */
export function syntaxFault(text: string): { readonly place: string; readonly message: string } | undefined {
  const fault = scanSourceCapped(text, { maxIssues: 0 }).issues.find((issue) => issue.kind === 'syntax');
  return fault === undefined ? undefined : { place: `${fault.position.line}:${fault.position.column}`, message: fault.message };
}
