// UiPath Identity's group list (docs/api.md §1 "Finding a group by name"): every local and built-in
// group of the organization, unfiltered and unpaged. Groups deleted in Identity (whose orphan
// rules the lease_ service still holds) are not listed.

import { ApiError, notFound } from './http.js';
import { IDENTITY_GROUP_SCOPES } from './identities.js';
import { requireOrg, type Route, type Services } from './router.js';

export function identityGroupRoutes(svc: Services): Route[] {
  return [
    {
      pattern: [':org', 'identity_', 'api', 'Group', ':accountId'],
      handlers: {
        GET: (ctx) => {
          const { org, accountId } = ctx.params as { org: string; accountId: string };
          requireOrg(svc.state, org);
          const token = svc.tokens.authenticate(ctx);
          // Either scope grants the read; the 403 names the narrower one.
          if (!token.scopes.includes(IDENTITY_GROUP_SCOPES.read) && !token.scopes.includes(IDENTITY_GROUP_SCOPES.all)) {
            const scope = IDENTITY_GROUP_SCOPES.read;
            throw new ApiError(403, 'insufficient_scope', `the token lacks the scope ${scope} (or ${IDENTITY_GROUP_SCOPES.all})`, {
              'WWW-Authenticate': `Bearer realm="licensectl-sandbox", error="insufficient_scope", scope="${scope}"`,
            }, { scope });
          }
          const account = svc.state.accounts.get(accountId.toLowerCase());
          if (!account || account.org.toLowerCase() !== org.toLowerCase()) throw notFound(`unknown organization id ${accountId} in ${org}`);
          const body = [];
          for (const g of account.groups.values()) {
            if (g.deleted) continue;
            body.push({ id: g.id, name: g.name, displayName: g.name, type: g.type, creationTime: g.creationTime });
          }
          return { status: 200, body };
        },
      },
    },
  ];
}
