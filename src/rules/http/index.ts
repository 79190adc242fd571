import type { RuleMeta } from '../../model/rule.js';
import { httpAuthorization } from './http-authorization.js';
import { httpContentLength } from './http-content-length.js';
import { httpContentType } from './http-content-type.js';
import { httpInvitePath } from './http-invite-path.js';
import { httpLocation } from './http-location.js';
import { httpMethod } from './http-method.js';
import { httpStatus } from './http-status.js';
import { httpSyntax } from './http-syntax.js';

/** The rules about HTTP messages, in the order the rules list shows them. */
export const httpRuleList: readonly RuleMeta[] = [httpSyntax, httpMethod, httpInvitePath, httpContentType, httpContentLength, httpStatus, httpLocation, httpAuthorization];
