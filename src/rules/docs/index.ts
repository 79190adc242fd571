import type { RuleMeta } from '../../model/rule.js';
import { docsAnnotation } from './docs-annotation.js';
import { docsUnpairedResponse } from './docs-unpaired-response.js';

/** The rules about reference pages, in the order the rules list shows them. */
export const docsRuleList: readonly RuleMeta[] = [docsAnnotation, docsUnpairedResponse];
