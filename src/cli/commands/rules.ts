import { rules } from '../../rules/index.js';
import type { CliIo } from '../io.js';
import { exitCodes } from '../verdict.js';

/** rules: every rule as a table (id, severity, what it checks) or as JSON data. */
export function listRules(format: 'text' | 'json', io: CliIo): number {
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(rules, null, 2)}\n`);
    return exitCodes.ok;
  }
  const width = Math.max(...rules.map((rule) => rule.id.length));
  for (const rule of rules) io.stdout.write(`${rule.id.padEnd(width)}  ${rule.severity.padEnd(7)}  ${rule.description}\n`);
  return exitCodes.ok;
}
