import type { ApiVersion } from '../../model/api-version.js';

/**
 * The profile a reference page's place names: Microsoft's docs repository keeps each version's pages under
 * api-reference/v1.0/ and api-reference/beta/. A hint only: a request's own path (/v1.0/...) wins over it,
 * and an explicit profile (flag, config, option) over both.
 */
export function apiVersionOfPageLocation(path: string): ApiVersion | undefined {
  const match = /(?:^|[\\/])api-reference[\\/](v1\.0|beta)[\\/]/.exec(path);
  return match === null ? undefined : (match[1] as ApiVersion);
}
