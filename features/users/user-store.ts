import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { batchGet } from '../../shared/table/batch-get.js';
import { conditions } from '../../shared/table/steps.js';
import type { PrimaryKey } from '../../shared/table/table-definition.js';
import { commit } from '../audit/audit-steps.js';
import { type NewOrg, newOrgSteps } from '../organizations/org-store.js';
import { type UserRecord, userEntity } from './user-entity.js';
import * as userSteps from './user-steps.js';

/** The profile, and another item the caller needs on the same round trip (the sign-in's domain owner), if any. */
export async function getProfile(
  userId: string,
  alsoKey?: PrimaryKey,
): Promise<{ profile: UserRecord | undefined; also?: Record<string, unknown> }> {
  const profileKey = userEntity.key({ id: userId });
  if (!alsoKey) {
    const result = await db.send(new GetCommand({ TableName: tableName, Key: profileKey }));
    return { profile: userEntity.parseOptional(result.Item) };
  }
  const found = await batchGet([profileKey, alsoKey]);
  return { profile: userEntity.parseOptional(found.get(profileKey)), also: found.get(alsoKey) };
}

/** Only an existing profile: a bare update would create an item holding a name and nothing else. */
export async function renameProfile(userId: string, name: string): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: userEntity.key({ id: userId }),
      UpdateExpression: 'SET #name = :name',
      ConditionExpression: conditions.exists.expression,
      ExpressionAttributeNames: { '#name': 'name', ...conditions.exists.names },
      ExpressionAttributeValues: { ':name': name },
    }),
  );
}

/**
 * The user and their personal org, all or nothing. A concurrent first request of the same user
 * loses cleanly: false when the user already existed.
 */
export async function createUserWithPersonalOrg(user: UserRecord, personalOrg: NewOrg): Promise<boolean> {
  const outcome = await commit([userSteps.create(user), ...newOrgSteps(personalOrg)], personalOrg.events);
  if (outcome.ok) return true;
  if (outcome.label === 'user_exists') return false;
  throw new Error(`Unexpected condition failure: ${outcome.label}`);
}
