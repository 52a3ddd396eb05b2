// Domain claims for tests: unique domains under a real public suffix, and their TXT records set in
// the local DNS server through PUT /dev/dns/txt, as an owner would at their DNS provider.
import { randomUUID } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { domainEntity } from '../../features/domains/domain-entity.js';
import { db, tableName } from '../../shared/clients.js';
import { call, type TestUser } from './api.js';

/** A domain nobody else in the run claims (`.com`, so the Public Suffix List takes it). */
export const uniqueDomain = (label = 'acme') => `${label}-${randomUUID().slice(0, 8)}.com`;

export async function setTxt(name: string, values: string[]): Promise<void> {
  const response = await call('PUT', '/dev/dns/txt', { body: { name, values } });
  if (response.status !== 200) throw new Error(`dns: ${response.status} ${JSON.stringify(response.body)}`);
}

/** Makes every look-up of the name answer SERVFAIL: DNS down, for this name only. */
export async function failDns(name: string): Promise<void> {
  const response = await call('PUT', '/dev/dns/txt', { body: { name, fail: true } });
  if (response.status !== 200) throw new Error(`dns: ${response.status} ${JSON.stringify(response.body)}`);
}

export interface TestDomain {
  id: string;
  orgId: string;
  domain: string;
  verification: { type: 'TXT'; name: string; value: string };
}

export async function addDomain(admin: TestUser, orgId: string, domain = uniqueDomain()): Promise<TestDomain> {
  const created = await admin.api.post(`/api/v1/orgs/${orgId}/domains`, { domain });
  if (created.status !== 201) throw new Error(`domain: ${created.status} ${JSON.stringify(created.body)}`);
  return { ...created.body, orgId };
}

/** Publishes the claim's TXT record, as its owner would. */
export const publish = (claim: TestDomain) => setTxt(claim.verification.name, [claim.verification.value]);

/** A claim with its record published and verified through the API. */
export async function verifiedDomain(admin: TestUser, orgId: string, domain?: string): Promise<TestDomain> {
  const claim = await addDomain(admin, orgId, domain);
  await publish(claim);
  const verified = await admin.api.post(`/api/v1/orgs/${orgId}/domains/${claim.id}/verify`);
  if (verified.body?.status !== 'verified') throw new Error(`verify: ${verified.status} ${JSON.stringify(verified.body)}`);
  return claim;
}

/**
 * Moves a claim through time in DynamoDB Local: its dates are set as given and its next check made
 * due now, so the scheduled pass (running every half second under the tests) takes it next.
 */
export async function timeTravel(
  claim: Pick<TestDomain, 'orgId' | 'id'>,
  dates: { expires_at?: string; missing_since?: string | null } = {},
): Promise<void> {
  const key = domainEntity.key({ org_id: claim.orgId, id: claim.id });
  const current = domainEntity.parse((await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item!);
  const due = new Date(Date.now() - 1000).toISOString();
  const next = { ...current, ...dates, next_check_at: due };
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: key,
      UpdateExpression: 'SET expires_at = :expiresAt, missing_since = :missingSince, next_check_at = :due, gsi1sk = :dueSort',
      ExpressionAttributeValues: {
        ':expiresAt': next.expires_at,
        ':missingSince': next.missing_since,
        ':due': due,
        ':dueSort': domainEntity.item(next).gsi1sk,
      },
    }),
  );
}

/** Puts the claim's next scheduled check a day off, so that only the API's own verify call checks it meanwhile. */
export async function postponeChecks(claim: Pick<TestDomain, 'orgId' | 'id'>): Promise<void> {
  const key = domainEntity.key({ org_id: claim.orgId, id: claim.id });
  const current = domainEntity.parse((await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item!);
  const later = { ...current, next_check_at: new Date(Date.now() + 86_400_000).toISOString() };
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: key,
      UpdateExpression: 'SET next_check_at = :later, gsi1sk = :dueSort',
      ExpressionAttributeValues: { ':later': later.next_check_at, ':dueSort': domainEntity.item(later).gsi1sk },
    }),
  );
}
