// The traffic the cost estimate prices: an assumed mix for a product built on Orgspace, not a
// measurement. People open the app (`/me`, `/orgs`) and browse their orgs and workspaces; services
// holding a workspace API key read the workspace and its credentials, and reveal secrets; a few
// requests write. Change it here to price another product; the shares are per 100 API requests.
import type { RouteName } from '../features/routes.js';

export type Caller = 'person' | 'api_key';

export interface MixEntry {
  route: RouteName;
  caller: Caller;
  perHundred: number;
}

export const TRAFFIC_MIX: readonly MixEntry[] = [
  { route: 'getMe', caller: 'person', perHundred: 14 },
  { route: 'listOrgs', caller: 'person', perHundred: 10 },
  { route: 'getOrg', caller: 'person', perHundred: 6 },
  { route: 'listWorkspaces', caller: 'person', perHundred: 10 },
  { route: 'getWorkspace', caller: 'person', perHundred: 8 },
  { route: 'listMembers', caller: 'person', perHundred: 6 },
  { route: 'listWorkspaceMembers', caller: 'person', perHundred: 4 },
  { route: 'listRoles', caller: 'person', perHundred: 3 },
  { route: 'listInvitations', caller: 'person', perHundred: 3 },
  { route: 'listMyInvitations', caller: 'person', perHundred: 3 },
  { route: 'getInvitation', caller: 'person', perHundred: 1 },
  { route: 'listCredentials', caller: 'person', perHundred: 3 },
  { route: 'createInvitation', caller: 'person', perHundred: 2 },
  { route: 'acceptInvitation', caller: 'person', perHundred: 1 },
  { route: 'createWorkspace', caller: 'person', perHundred: 1 },
  { route: 'updateWorkspace', caller: 'person', perHundred: 1 },
  { route: 'putWorkspaceMember', caller: 'person', perHundred: 1 },
  { route: 'getWorkspace', caller: 'api_key', perHundred: 5 },
  { route: 'listWorkspaceMembers', caller: 'api_key', perHundred: 2 },
  { route: 'listCredentials', caller: 'api_key', perHundred: 3 },
  { route: 'getCredential', caller: 'api_key', perHundred: 5 },
  { route: 'revealCredential', caller: 'api_key', perHundred: 8 },
];

/**
 * API Gateway caches the authorizer's verdict per Authorization header for 5 minutes
 * (`resultsCacheTtl` in infra/orgspace-stack.ts). Assumed: a token or key sends 5 requests in each
 * 5 minutes it is used, so 1 request in 5 invokes the authorizer.
 */
export const AUTHORIZER_CACHE_HIT_RATIO = 0.8;
