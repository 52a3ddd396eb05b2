// Puts a membership straight into DynamoDB Local. Inviting members is a later feature; until
// then, this is how tests give a user a role in someone else's org. It writes through the same
// store code the API uses, into the real table.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { memberItem } from '../../shared/data/items.js';
import type { RoleKey } from '../../shared/domain/roles.js';
import type { TestUser } from './api.js';

export async function addMember(orgId: string, user: TestUser, role: RoleKey, workspaces: Record<string, RoleKey> = {}): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: memberItem({ org_id: orgId, user_id: user.id, role, workspaces, email: user.email, name: user.name, joined_at: new Date().toISOString() }),
    }),
  );
}
