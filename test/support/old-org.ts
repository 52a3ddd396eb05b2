// Puts an org straight into DynamoDB Local as if it had been created days ago, with the given user
// as its admin: the API can only make new ones, and an org's first day has limits of its own.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { memberEmailGuard, memberEntity } from '../../features/members/member-entity.js';
import { orgEntity } from '../../features/organizations/org-entity.js';
import { db, tableName } from '../../shared/clients.js';
import { newId } from '../../shared/vocabulary/ids.js';
import type { TestUser } from './api.js';

export async function orgCreatedDaysAgo(admin: TestUser, days: number): Promise<string> {
  const at = Date.now() - days * 86_400_000;
  const orgId = newId(at);
  const createdAt = new Date(at).toISOString();
  const org = {
    id: orgId,
    name: `Founded ${days} days ago`,
    personal: false,
    created_by: admin.id,
    created_at: createdAt,
    updated_at: createdAt,
    workspace_count: 0,
    admin_count: 1,
    pending_invitations: 0,
  };
  const member = {
    org_id: orgId,
    user_id: admin.id,
    role: 'admin' as const,
    workspaces: {},
    email: admin.email,
    name: admin.name,
    joined_at: createdAt,
  };
  await db.send(
    new TransactWriteCommand({
      TransactItems: [orgEntity.item(org), memberEntity.item(member), memberEmailGuard.item(member)].map((Item) => ({
        Put: { TableName: tableName, Item },
      })),
    }),
  );
  return orgId;
}
