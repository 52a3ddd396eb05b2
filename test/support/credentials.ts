// Credentials made through the API, for the tests that need one to act on.
import { randomUUID } from 'node:crypto';
import type { TestUser } from './api.js';

export const credentialsPath = (orgId: string, workspaceId: string) => `/api/v1/orgs/${orgId}/workspaces/${workspaceId}/credentials`;

/** A secret no other test uses, so the log check can look for it. */
export const uniqueSecret = (label: string) => `sk_test_${label}_${randomUUID().replaceAll('-', '')}`;

export async function storeCredential(
  user: TestUser,
  orgId: string,
  workspaceId: string,
  options: { name?: string; secret?: string } = {},
): Promise<{ id: string; secret: string }> {
  const secret = options.secret ?? uniqueSecret('fixture');
  const created = await user.api.post(credentialsPath(orgId, workspaceId), {
    name: options.name ?? `cred-${randomUUID().slice(0, 8)}`,
    type: 'api_key',
    secret: { api_key: secret },
  });
  if (created.status !== 201) throw new Error(`credential: ${created.status} ${JSON.stringify(created.body)}`);
  return { id: created.body.id, secret };
}

/** Replaces the secret once, so that a rollback has a version to go back to. */
export async function replaceSecret(
  user: TestUser,
  orgId: string,
  workspaceId: string,
  credentialId: string,
  secret = uniqueSecret('next'),
) {
  const replaced = await user.api.put(`${credentialsPath(orgId, workspaceId)}/${credentialId}/secret`, { secret: { api_key: secret } });
  if (replaced.status !== 200) throw new Error(`replace: ${replaced.status} ${JSON.stringify(replaced.body)}`);
  return secret;
}

export const personalCredentialsPath = (orgId: string) => `/api/v1/me/orgs/${orgId}/credentials`;

/** A personal credential of `user` in the org. */
export async function storePersonalCredential(
  user: TestUser,
  orgId: string,
  options: { name?: string; secret?: string } = {},
): Promise<{ id: string; secret: string }> {
  const secret = options.secret ?? uniqueSecret('personal');
  const created = await user.api.post(personalCredentialsPath(orgId), {
    name: options.name ?? `mine-${randomUUID().slice(0, 8)}`,
    type: 'api_key',
    secret: { api_key: secret },
  });
  if (created.status !== 201) throw new Error(`personal credential: ${created.status} ${JSON.stringify(created.body)}`);
  return { id: created.body.id, secret };
}
