import { apiVersions as generatedApiVersions, type ApiVersion } from '../../generated/profiles.js';

export type { ApiVersion };

/** Every API version the contract is checked against, default first. Frozen: the package exports it. */
export const apiVersions: readonly ApiVersion[] = Object.freeze([...generatedApiVersions]);

/** The profile a check uses when none is named: beta, whose metadata is a superset of v1.0's. */
export const defaultApiVersion: ApiVersion = 'beta';

const versionOf: ReadonlyMap<unknown, ApiVersion> = new Map(apiVersions.map((version) => [version, version]));

/** The API version a value names, as the very string of the list, or undefined; never throws. */
export function apiVersionNamed(value: unknown): ApiVersion | undefined {
  return versionOf.get(value);
}
