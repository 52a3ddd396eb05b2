// The reads and the erasure behind personal credentials. Every read fetches the caller's
// membership with what it asks for, in one request (or two sent at once, for a page).

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { batchGet } from '../../shared/table/batch-get.js';
import { eachInRange, personIndexPage, queryRange, toRangePage } from '../../shared/table/query-page.js';
import { comparableName } from '../../shared/vocabulary/display-name.js';
import type { Principal } from '../../shared/vocabulary/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import { commit } from '../audit/audit-steps.js';
import { memberEntity } from '../members/member-entity.js';
import { previousVersionEntity } from './credential-entity.js';
import {
  personalCredentialEntity,
  personalCredentialRanges,
  personalDataKeyEntity,
  personalPositionOf,
} from './personal-credential-entity.js';
import * as personalSteps from './personal-credential-steps.js';
import { personalTargets } from './personal-credential-view.js';

const memberKey = (orgId: string, userId: string) => memberEntity.key({ org_id: orgId, user_id: userId });
const dataKeyKey = (orgId: string, ownerId: string) => personalDataKeyEntity.key({ org_id: orgId, owner_id: ownerId });

/** The caller's membership and their data key in the org, in one BatchGetItem. */
export async function getMemberAndDataKey(orgId: string, userId: string) {
  const found = await batchGet([memberKey(orgId, userId), dataKeyKey(orgId, userId)]);
  return {
    member: memberEntity.parseOptional(found.get(memberKey(orgId, userId))),
    dataKey: personalDataKeyEntity.parseOptional(found.get(dataKeyKey(orgId, userId))),
  };
}

/** What a read fetches beside the credential: the kept previous version (to show or roll back to), the data key (to open or seal). */
export interface CredentialReads {
  previous?: true;
  secrets?: true;
}

/**
 * A personal credential of `ownerId` with the caller's membership (the owner's own, or an admin's),
 * and what `also` asks for: one BatchGetItem.
 */
export async function getCredentialAndCaller(
  orgId: string,
  callerId: string,
  ownerId: string,
  credentialId: string,
  also: CredentialReads = {},
) {
  const credentialKey = personalCredentialEntity.key({ org_id: orgId, owner_id: ownerId, id: credentialId });
  const previousKey = previousVersionEntity.key({ org_id: orgId, credential_id: credentialId });
  const found = await batchGet([
    memberKey(orgId, callerId),
    credentialKey,
    ...(also.previous ? [previousKey] : []),
    ...(also.secrets ? [dataKeyKey(orgId, ownerId)] : []),
  ]);
  return {
    caller: memberEntity.parseOptional(found.get(memberKey(orgId, callerId))),
    credential: personalCredentialEntity.parseOptional(found.get(credentialKey)),
    previous: previousVersionEntity.parseOptional(found.get(previousKey)),
    dataKey: personalDataKeyEntity.parseOptional(found.get(dataKeyKey(orgId, ownerId))),
  };
}

/** The caller's and the owner's memberships and a page of the owner's personal credentials (oldest first), in parallel. */
export async function listWithCaller(orgId: string, callerId: string, ownerId: string, limit: number, after?: string) {
  const range = personalCredentialRanges.credentialsOfMember(orgId, ownerId);
  const [found, result] = await Promise.all([
    batchGet([memberKey(orgId, callerId), memberKey(orgId, ownerId)]),
    queryRange(range, limit, after),
  ]);
  const page = toRangePage(
    result,
    range,
    limit,
    (item) => personalCredentialEntity.parse(item),
    (credential) => credential.id,
  );
  return {
    caller: memberEntity.parseOptional(found.get(memberKey(orgId, callerId))),
    owner: memberEntity.parseOptional(found.get(memberKey(orgId, ownerId))),
    ...page,
  };
}

/** A credential's place in its owner's list across orgs, which a cursor carries. */
export interface OwnerPosition {
  org_id: string;
  id: string;
}

/**
 * A page of the owner's personal credentials in every org (by org, then id) from the person index,
 * then the owner's memberships in the orgs on the page, in one BatchGetItem: whether each one is
 * still theirs to see is the membership's to say (see `member_since`).
 */
export async function listOfOwner(ownerId: string, limit: number, after?: OwnerPosition) {
  const range = personalCredentialRanges.credentialsOfOwner(ownerId);
  const { items: page, continueAfter } = await personIndexPage(
    range,
    limit,
    (item) => personalCredentialEntity.parse(item),
    after && { key: personalCredentialEntity.key({ ...after, owner_id: ownerId }), sortKey: personalPositionOf(after) },
  );
  const orgIds = [...new Set(page.map((credential) => credential.org_id))];
  // At most a page's worth (100) of keys: one BatchGetItem; none when the page is empty.
  const found = await batchGet(orgIds.map((orgId) => memberKey(orgId, ownerId)));
  const memberships = new Map(
    orgIds.flatMap((orgId) => {
      const member = memberEntity.parseOptional(found.get(memberKey(orgId, ownerId)));
      return member ? [[orgId, member] as const] : [];
    }),
  );
  return { items: page, memberships, after: continueAfter && { org_id: continueAfter.org_id, id: continueAfter.id } };
}

/**
 * Erases the personal credentials a member made in the membership that began at `memberSince`,
 * each with its `personal_credential.deleted` event (by the job), then their data key once it
 * counts none: nothing sealed under it can be opened again. Credentials of a later membership
 * (removed and invited back before this ran) stay. Running it twice is harmless.
 */
export async function erasePersonalCredentials(orgId: string, ownerId: string, memberSince: string, job: Principal): Promise<number> {
  let erased = 0;
  await eachInRange(
    personalCredentialRanges.credentialsOfMember(orgId, ownerId),
    (item) => personalCredentialEntity.parse(item),
    (credential) => credential.id,
    async (credential) => {
      if (credential.member_since !== memberSince) return;
      const event = auditEvent(job, {
        action: 'personal_credential.deleted',
        orgId,
        targets: personalTargets(credential),
        changes: { member_removed: { from: false, to: true } },
      });
      if ((await commit(personalSteps.remove(credential, comparableName(credential.name)), [event])).ok) erased++;
    },
  );
  await db
    .send(
      new DeleteCommand({
        TableName: tableName,
        Key: dataKeyKey(orgId, ownerId),
        ConditionExpression: 'credential_count <= :none',
        ExpressionAttributeValues: { ':none': 0 },
      }),
    )
    .catch((error: unknown) => {
      // Still in use by a later membership's credentials: it stays.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
  return erased;
}
