// Puts a membership straight into DynamoDB Local, with its email guard and the org's admin count,
// exactly as accepting an invitation would, but without the email round trip, for tests that are
// about something else. It carries its org's copy as the stream consumer would soon write it, so
// that a test reading the org's items back is not raced by that write; `withoutCopy` leaves it to
// the consumer.
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { memberEmailGuard, memberEntity } from '../../features/members/member-entity.js';
import { orgCopyOf, orgEntity } from '../../features/organizations/org-entity.js';
import { db, tableName } from '../../shared/clients.js';
import type { RoleKey } from '../../shared/vocabulary/policy.js';
import type { TestUser } from './api.js';

export async function addMember(
  orgId: string,
  user: TestUser,
  role: RoleKey,
  workspaces: Record<string, RoleKey> = {},
  { withoutCopy = false } = {},
): Promise<void> {
  const org = withoutCopy
    ? undefined
    : orgEntity.parseOptional(
        (await db.send(new GetCommand({ TableName: tableName, Key: orgEntity.key({ id: orgId }), ConsistentRead: true }))).Item,
      );
  const member = {
    org_id: orgId,
    user_id: user.id,
    role,
    workspaces,
    email: user.email,
    name: user.name,
    joined_at: new Date().toISOString(),
    ...(org ? { org_copy: orgCopyOf(org) } : {}),
  };
  await db.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tableName, Item: memberEntity.item(member) } },
        { Put: { TableName: tableName, Item: memberEmailGuard.item(member) } },
        ...(role === 'admin'
          ? [
              {
                Update: {
                  TableName: tableName,
                  Key: orgEntity.key({ id: orgId }),
                  UpdateExpression: 'SET admin_count = admin_count + :one',
                  ExpressionAttributeValues: { ':one': 1 },
                },
              },
            ]
          : []),
      ],
    }),
  );
}
