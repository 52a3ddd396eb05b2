// Joining by domain, for tests: an org's verified domain put straight into DynamoDB Local (the
// owner item the domains feature writes when a claim is verified, as test/support/members.ts
// puts memberships), and people signed in at that domain, their email verified or not.
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { domainOwnerEntity } from '../../features/domains/domain-owner-entity.js';
import { subjectForEmail } from '../../infra/local/oidc-issuer.js';
import { db, tableName } from '../../shared/clients.js';
import { userIdFor } from '../../shared/vocabulary/ids.js';
import { apiWithToken, issuerUrl, mintToken, type TestUser } from './api.js';
import { itemsOfOrg } from './table.js';

/** A domain nobody else in the run uses: the owner item is global, and every sign-in at a domain reads it. */
/** The org owns the domain, verified (or lapsed), as a verified claim leaves it. */
export async function ownDomain(orgId: string, domain: string, status: 'verified' | 'lapsed' = 'verified'): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: domainOwnerEntity.item({ domain, org_id: orgId, domain_id: randomUUID(), status, verified_at: new Date().toISOString() }),
    }),
  );
}

let tokens = 0;

/**
 * A person signed in at an address (their first request creates them, and joins what their domain
 * lets them join). Each call mints a token of its own, so the authorizer's 5-minute cache, keyed by
 * token, does not answer for it: the next request is an uncached one.
 */
export async function signInAs(email: string, options: { emailVerified?: boolean; name?: string } = {}): Promise<TestUser> {
  const name = options.name ?? `${email.split('@')[0]} Tester`;
  // A lifetime of its own makes each token a different string.
  const token = await mintToken(email, name, 3600 - (tokens++ % 3000), { emailVerified: options.emailVerified });
  const api = apiWithToken(token);
  const me = await api.get('/api/v1/me');
  if (me.status !== 200) throw new Error(`sign-in failed: ${me.status} ${JSON.stringify(me.body)}`);
  return { email, name, token, id: userIdFor(issuerUrl(), subjectForEmail(email)), api };
}

export const settingsPath = (orgId: string) => `/api/v1/orgs/${orgId}/domain-settings`;
export const requestsPath = (orgId: string) => `/api/v1/orgs/${orgId}/join-requests`;

/** Every notice of the org (features/notices) has been sent or expanded: its partition holds still. */
export async function noticesSettled(orgId: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const items = await itemsOfOrg(orgId);
    if (!items.some((item) => item.type === 'notice' && item.status === 'pending')) return;
    if (Date.now() > deadline) throw new Error(`The notices of ${orgId} were still pending after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
