import { noParams } from '../../model/problem.js';
import { isObject, type Rule } from '../../model/rule.js';

// Bound here, not imported: only a module's own constant lets the engine answer it inside a for-in from
// the loop's key cache (src/validate/walker.ts says more).
const hasOwnProperty = Object.prototype.hasOwnProperty;

/** An identity set must name at least one identity. */
export const identitySetEmpty: Rule = {
  id: 'identity-set-empty',
  severity: 'error',
  description: 'An identity set holds at least one identity object (user, application, phone...); every identity key absent or null is an error.',
  rationale: 'An invitation or roster entry that identifies nobody cannot be placed or matched; the service rejects it.',
  params: {},
  visitors: {
    identitySet(node, context) {
      // Any object-valued key counts (not an @ annotation), so identity kinds that beta adds later are not
      // mistaken for emptiness.
      for (const key in node) {
        if (key.charCodeAt(0) !== 0x40 && isObject(node[key]) && hasOwnProperty.call(node, key)) return;
      }
      context.report('identity set names no identity: give at least one of user, application, phone, guest...', noParams);
    },
  },
};
