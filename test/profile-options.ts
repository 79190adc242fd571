import { rules } from '../src/index.js';

/** The API versions a payload can be checked under. */
export type Profile = 'beta' | 'v1.0';

/**
 * The options that check a payload under a profile. A linter without the profiles (no beta-only rule,
 * no apiVersion option) checks every payload as beta, so v1.0 asks for nothing more; once the profiles
 * are merged, v1.0 is asked for by name.
 */
export function profileOptions(profile: Profile): { readonly apiVersion?: Profile } {
  const linterKnowsProfiles = rules.some((rule) => rule.id === 'beta-only');
  return profile === 'beta' || !linterKnowsProfiles ? {} : { apiVersion: profile };
}
