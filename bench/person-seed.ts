// The person-scale check's orgs, written straight to the table: an org and the person's membership
// in it, carrying the copy /me and /orgs read, as creating the org through the API would write them.
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { memberEntity } from '../features/members/member-entity.js';
import { orgEntity } from '../features/organizations/org-entity.js';
import { planNewOrg } from '../features/organizations/org-service.js';
import { db, tableName } from '../shared/clients.js';
import type { TestUser } from '../test/support/api.js';

/** `count` more orgs, with the user as their admin. */
export async function seedOrgsOf(user: TestUser, count: number): Promise<void> {
  const person = { type: 'user' as const, userId: user.id, email: user.email, emailVerified: true, name: user.name };
  const puts: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    // The org and its first admin as creating it through the API would write them (its workspace aside).
    const { org, admin } = planNewOrg(person, `Org ${i} of ${user.name}`, false);
    puts.push(orgEntity.item(org), memberEntity.item(admin));
  }
  for (let i = 0; i < puts.length; i += 25) {
    let pending: Record<string, Array<{ PutRequest: { Item: Record<string, unknown> } }>> | undefined = {
      [tableName]: puts.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
    };
    while (pending && Object.keys(pending).length > 0) {
      const result = await db.send(new BatchWriteCommand({ RequestItems: pending }));
      pending = result.UnprocessedItems as typeof pending;
    }
  }
}
