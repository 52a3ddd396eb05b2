// Puts a membership straight into DynamoDB Local, with its email guard and the org's admin count,
// exactly as accepting an invitation would, but without the email round trip, for tests that are
// about something else.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { memberEmailGuard, memberItem } from '../../shared/data/items.js';
import { keys } from '../../shared/data/keys.js';
import type { RoleKey } from '../../shared/domain/roles.js';
import type { TestUser } from './api.js';

export async function addMember(orgId: string, user: TestUser, role: RoleKey, workspaces: Record<string, RoleKey> = {}): Promise<void> {
  const member = {
    org_id: orgId,
    user_id: user.id,
    role,
    workspaces,
    email: user.email,
    name: user.name,
    joined_at: new Date().toISOString(),
  };
  await db.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tableName, Item: memberItem(member) } },
        { Put: { TableName: tableName, Item: memberEmailGuard(member) } },
        ...(role === 'admin'
          ? [
              {
                Update: {
                  TableName: tableName,
                  Key: keys.org(orgId),
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
