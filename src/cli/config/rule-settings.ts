/**
 * The rule settings the config gives each file: its rules, then every override whose files match the
 * file's path (relative to the config's folder, in the dialect of kinds and ignore), later ones winning.
 * A worker thread gets them as plain data (a SettingsPlan) and compiles the patterns itself.
 */
import { relative, resolve } from 'node:path';
import { toPosix } from '../../paths.js';
import { rules as allRules } from '../../rules/index.js';
import { effectiveSeverity, noSettings, type RuleSetting, type RuleSettings } from '../../validate/rule-settings.js';
import type { Config } from './config.js';
import { compilePattern, splitPath, testPattern, type PathPattern } from './path-pattern.js';

/** A config's rule settings as data a worker thread can be sent: patterns as their text. */
export interface SettingsPlan {
  readonly root: string;
  readonly rules: RuleSettings;
  readonly overrides: ReadonlyArray<{ readonly files: readonly string[]; readonly rules: RuleSettings }>;
}

const plans = new WeakMap<Config, SettingsPlan | null>();

/** The plan of a config (one per config), or undefined when it sets no rule: the run then pays nothing per file. */
export function settingsPlan(config: Config): SettingsPlan | undefined {
  let plan = plans.get(config);
  if (plan === undefined) {
    const overrides = (config.overrides ?? []).filter((override) => !noSettings(override.rules));
    const none = noSettings(config.rules) && overrides.length === 0;
    plan = none ? null : { root: config.root, rules: config.rules ?? {}, overrides: overrides.map((override) => ({ files: override.files.map((pattern) => pattern.source), rules: override.rules })) };
    plans.set(config, plan);
  }
  return plan ?? undefined;
}

/** The settings the config gives one file (a path absolute or relative to the working folder), if any. */
export function settingsForPath(config: Config, path: string): RuleSettings | undefined {
  const plan = settingsPlan(config);
  return plan === undefined ? undefined : settingsResolver(plan)(path);
}

/** Which overrides match a path relative to the config's folder. */
function matching(overrides: ReadonlyArray<{ readonly files: readonly PathPattern[] }>, rel: string): boolean[] {
  const parts = splitPath(rel);
  return overrides.map((override) => override.files.some((pattern) => testPattern(pattern, rel, parts)));
}

/** Resolvers made, one per plan: a worker compiles its plan's patterns once. */
const resolvers = new WeakMap<SettingsPlan, (path: string) => RuleSettings | undefined>();

/**
 * The settings of a file, given by its path (absolute, or relative to the working folder): the same
 * object for every file that the same overrides match, made once.
 */
export function settingsResolver(plan: SettingsPlan): (path: string) => RuleSettings | undefined {
  let resolver = resolvers.get(plan);
  if (resolver !== undefined) return resolver;
  const overrides = plan.overrides.map((override) => ({ files: override.files.map(compilePattern), rules: override.rules }));
  const merged = new Map<string, RuleSettings>();
  resolver = (path) => {
    if (overrides.length === 0) return plan.rules;
    const matched = matching(overrides, toPosix(relative(plan.root, resolve(path))));
    const key = matched.map((yes) => (yes ? '1' : '0')).join('');
    const known = merged.get(key);
    if (known !== undefined) return known;
    const settings: RuleSettings = Object.freeze(Object.assign(Object.create(null) as Record<string, RuleSetting>, plan.rules, ...overrides.filter((_, index) => matched[index]).map((override) => override.rules)));
    merged.set(key, settings);
    return settings;
  };
  resolvers.set(plan, resolver);
  return resolver;
}

/** Where a rule's setting for a file comes from: its own default, the config's rules, or an override (by index). */
export type SettingSource = 'default' | 'rules' | `overrides[${number}]`;

/** Every rule's setting for one file, and where it comes from, in the rules' order. */
export function effectiveRules(config: Config, path: string): Array<{ readonly id: string; readonly setting: RuleSetting; readonly from: SettingSource }> {
  const overrides = config.overrides ?? [];
  const matched = matching(overrides, toPosix(relative(config.root, resolve(path))));
  return allRules.map((rule) => {
    let from: SettingSource = Object.hasOwn(config.rules ?? {}, rule.id) ? 'rules' : 'default';
    let setting = effectiveSeverity(rule, config.rules);
    overrides.forEach((override, index) => {
      if (matched[index] === true && Object.hasOwn(override.rules, rule.id)) {
        from = `overrides[${index}]`;
        setting = override.rules[rule.id] as RuleSetting;
      }
    });
    return { id: rule.id, setting, from };
  });
}
