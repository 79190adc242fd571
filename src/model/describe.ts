const maxShown = 80;

/** The JSON type of a value, with integer told apart from number. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isInteger(value)) return 'integer';
  return typeof value;
}

/**
 * A short, safe rendering of a value for messages: strings quoted and clipped, objects by type only
 * (a hostile payload can nest deeper than JSON.stringify's stack, or carry megabytes of text).
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const clipped = value.length > maxShown ? `${value.slice(0, maxShown)}…` : value;
    return JSON.stringify(clipped);
  }
  if (value !== null && typeof value === 'object') return `(${jsonType(value)})`;
  return String(value);
}
