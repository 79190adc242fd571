import { apiVersionNamed, type ApiVersion } from '../../model/api-version.js';

// The version segment right after the host (absolute, or a REST client variable) or at the start of a relative path.
const versionPattern = /^(?:\{\{[^}]*\}\}|https?:\/\/[^/?#]+)?\/(beta|v1\.0)(?:[/?#]|$)/i;

/** The API version a request target names (/v1.0/..., https://graph.microsoft.com/beta/...), or undefined when it names none. */
export function apiVersionOfTarget(target: string): ApiVersion | undefined {
  const match = versionPattern.exec(target);
  return match === null ? undefined : apiVersionNamed((match[1] as string).toLowerCase());
}
