import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../clients.js';
import { userItem } from './items.js';
import { existence, keys } from './keys.js';
import { newOrgItems } from './org-store.js';
import type { MemberRecord, OrgRecord, UserRecord, WorkspaceRecord } from './records.js';
import { transactWrite } from './transactions.js';

export class UserAlreadyExists extends Error {}

export async function userExists(userId: string): Promise<boolean> {
  const result = await db.send(new GetCommand({ TableName: tableName, Key: keys.user(userId), ProjectionExpression: 'id' }));
  return result.Item !== undefined;
}

/** The user and their personal org, all or nothing; a concurrent first request loses cleanly. */
export async function createUserWithPersonalOrg(
  user: UserRecord,
  org: OrgRecord,
  admin: MemberRecord,
  workspace: WorkspaceRecord,
): Promise<void> {
  await transactWrite(
    [{ Put: { TableName: tableName, Item: userItem(user), ...existence.isNew } }, ...newOrgItems(org, admin, workspace)],
    (failure) => (failure.index === 0 ? new UserAlreadyExists() : new Error(`Unexpected condition failure at ${failure.index}`)),
  );
}
