// Who is acting. Services take a Principal, never an HTTP type: a person signed in with an OIDC
// token, a workspace API key (from the API keys issue on), or the system itself (stream consumers
// and schedules). Each kind says here what it may be asked to do.
import { ForbiddenError } from './errors.js';
import type { RoleKey } from './policy.js';

/** Where a request came from, as the audit log records it. Set by the HTTP pipeline or the job. */
export interface RequestOrigin {
  requestId: string;
  ip?: string;
  userAgent?: string;
}

interface Acting {
  origin?: RequestOrigin;
}

export interface UserPrincipal extends Acting {
  type: 'user';
  userId: string;
  email: string;
  emailVerified: boolean;
  name: string | null;
}

/** A workspace API key: it acts inside its own workspace, within its role, and nowhere else. */
export interface ApiKeyPrincipal extends Acting {
  type: 'api_key';
  keyId: string;
  orgId: string;
  workspaceId: string;
  role: RoleKey;
  /**
   * Which of the key's secrets was presented: a rotation makes a new one and lets the one before
   * it work on for a grace period, so each request is re-checked against the key as it is now.
   */
  secretGeneration: number;
}

/** Background work: what it writes is attributed to the job, not to a person. */
export interface SystemPrincipal extends Acting {
  type: 'system';
  job: string;
}

export type Principal = UserPrincipal | ApiKeyPrincipal | SystemPrincipal;

/** For actions only a person can take (joining an org, creating one, anything about "me"). */
export function requireUser(principal: Principal): UserPrincipal {
  if (principal.type === 'user') return principal;
  throw new ForbiddenError('Only a signed-in person can do this; API keys and background jobs cannot.', 'user_required');
}

/** For routes a workspace API key may call as well as a person. */
export type PersonOrKey = UserPrincipal | ApiKeyPrincipal;

/** A stable id for whoever acts: what owns their Idempotency-Keys and names them in the audit log. */
export function principalId(principal: Principal): string {
  switch (principal.type) {
    case 'user':
      return principal.userId;
    case 'api_key':
      return `api_key:${principal.keyId}`;
    case 'system':
      return `system:${principal.job}`;
  }
}

export const systemPrincipal = (job: string): SystemPrincipal => ({ type: 'system', job });
