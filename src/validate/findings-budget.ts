/**
 * The findings one validation may hold before it stops (src/rules/file/validation-stopped.ts). ajv's
 * standalone code counts each error it makes against this budget, and takes back those it lets go
 * (scripts/generate.ts writes both into it); the walker counts each problem a rule reports. Past the
 * ceiling, either throws CeilingReached, which validateAs turns into one validation-stopped problem.
 * Without a ceiling (Infinity) nothing ever stops.
 */
export const findingsBudget = {
  /** Findings the validation under way holds. */
  held: 0,
  /** How many it may hold. */
  ceiling: Number.POSITIVE_INFINITY,
  /**
   * Ends the validation at the finding that went past the ceiling: an ajv error, whose instancePath is a
   * JSON Pointer, or, for an error ajv makes empty (inside a not or an if condition, never reported),
   * the value the schema function that made it checks.
   */
  stop(error: { readonly instancePath?: string }, checking: string): never {
    throw new CeilingReached(error.instancePath ?? checking);
  },
};

/** Thrown through ajv's code and the walker when a validation goes past its ceiling, where the finding was. */
export class CeilingReached {
  constructor(readonly pointer: string) {}
}
