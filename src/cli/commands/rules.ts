import { resolve } from 'node:path';
import { rules } from '../../rules/index.js';
import { isIgnored, loadConfig } from '../config/config.js';
import { effectiveRules } from '../config/rule-settings.js';
import type { CliIo } from '../io.js';
import { displayPath } from '../paths/display-path.js';
import { exitCodes } from '../verdict.js';
import { oneLine } from '../one-line.js';

/** What the rules command is asked: the format, and for --for the file and the config (--config, else found from the working folder). */
export interface RulesRequest {
  readonly format: 'text' | 'json';
  readonly for?: string;
  readonly config?: string | undefined;
}

/**
 * rules: every rule as a table (id, severity, what it checks) or as JSON data. With --for, the severity
 * each rule has for that file under the config (off, warning, error) and where that comes from: its
 * default, the config's rules, or an override (overrides[n]). The file need not exist: only its path is matched.
 */
export function listRules(request: RulesRequest, io: CliIo): number {
  if (request.for !== undefined) return rulesFor(request.for, request, io);
  if (request.format === 'json') {
    io.stdout.write(`${JSON.stringify(rules, null, 2)}\n`);
    return exitCodes.ok;
  }
  const width = Math.max(...rules.map((rule) => rule.id.length));
  for (const rule of rules) io.stdout.write(`${rule.id.padEnd(width)}  ${rule.severity.padEnd(7)}  ${rule.description}\n`);
  return exitCodes.ok;
}

function rulesFor(given: string, request: RulesRequest, io: CliIo): number {
  const config = loadConfig(io.cwd, request.config);
  const path = resolve(io.cwd, given);
  const effective = effectiveRules(config, path);
  const ignored = isIgnored(config, path);
  if (request.format === 'json') {
    const defaults = new Map(rules.map((rule) => [rule.id, rule.severity]));
    const listed = effective.map(({ id, setting, from }) => ({ id, severity: setting, default: defaults.get(id), from }));
    io.stdout.write(`${JSON.stringify({ path: displayPath(path, io.cwd), config: config.source, ignored, rules: listed }, null, 2)}\n`);
    return exitCodes.ok;
  }
  // Said on standard error, so that standard output is the table alone.
  io.stderr.write(`${oneLine(displayPath(path, io.cwd))}: config ${oneLine(config.source ?? '(none found)')}${ignored ? '; the config ignores this file' : ''}\n`);
  const width = Math.max(...effective.map((rule) => rule.id.length));
  for (const { id, setting, from } of effective) io.stdout.write(`${id.padEnd(width)}  ${setting.padEnd(7)}  ${from}\n`);
  return exitCodes.ok;
}
