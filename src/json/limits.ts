/**
 * The nesting limit of a payload. Node's own JSON.stringify overflows the call stack at about 4,000
 * levels and simple recursive walkers at about 12,000, while real payloads are a dozen levels deep at
 * most; 1,000 leaves a wide margin for every recursive consumer of the parsed value. Its own module so
 * that the linter can name it without loading the position-aware scanner.
 */
export const maxDepth = 1000;
