import type { RuleMeta } from '../../model/rule.js';
import { exchangeCallId } from './exchange-call-id.js';
import { exchangeClientContext } from './exchange-client-context.js';
import { exchangeFolder } from './exchange-folder.js';
import { exchangeIdentityKind } from './exchange-identity-kind.js';
import { exchangeInviteeMissing } from './exchange-invitee-missing.js';
import { exchangeOperationId } from './exchange-operation-id.js';

/** The rules about whole exchanges, in the order the rules list shows them. */
export const exchangeRuleList: readonly RuleMeta[] = [exchangeFolder, exchangeClientContext, exchangeOperationId, exchangeInviteeMissing, exchangeIdentityKind, exchangeCallId];
