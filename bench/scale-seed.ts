// The scale check's members and invitations, written straight to the table: through the API every
// member would need a user of their own and an accepted invitation.
import { randomBytes } from 'node:crypto';
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { invitationEntity, pendingInvitationGuard } from '../features/invitations/invitation-entity.js';
import { memberEmailGuard, memberEntity } from '../features/members/member-entity.js';
import { orgCopyOf, orgEntity } from '../features/organizations/org-entity.js';
import { db, tableName } from '../shared/clients.js';
import { newId } from '../shared/vocabulary/ids.js';
import type { Fixture } from './fixture.js';

/** Viewers and pending invitations (sent by the fixture's admin) into an existing org. */
export async function seedOrg(fixture: Fixture, orgId: string, memberCount: number, invitationCount: number) {
  const now = new Date().toISOString();
  const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const puts: Record<string, unknown>[] = [];
  // With the copy of their org that every membership carries (as the API writes them), so that the
  // stream does not rewrite ten thousand of them while the pages are being measured.
  const org = orgEntity.parseOptional(
    (await db.send(new GetCommand({ TableName: tableName, Key: orgEntity.key({ id: orgId }), ConsistentRead: true }))).Item,
  );
  if (!org) throw new Error(`The org to seed (${orgId}) is not in the table`);
  for (let i = 0; i < memberCount; i++) {
    const member = {
      org_id: orgId,
      user_id: newId(),
      role: 'viewer' as const,
      workspaces: {},
      email: `member-${i}@scale.example`,
      name: `Member ${i}`,
      joined_at: now,
      org_copy: orgCopyOf(org),
    };
    puts.push(memberEntity.item(member), memberEmailGuard.item(member));
  }
  for (let i = 0; i < invitationCount; i++) {
    const invitation = {
      id: newId(),
      org_id: orgId,
      email: `invitee-${i}@scale.example`,
      role: 'viewer' as const,
      workspaces: [],
      status: 'pending' as const,
      expires_at: expiresAt,
      invited_by: { user_id: fixture.admin.id, name: fixture.admin.name, email: fixture.admin.email },
      email_status: 'sent' as const,
      send_id: newId(),
      token_hash: randomBytes(32).toString('hex'),
      created_at: now,
      updated_at: now,
      version: 1,
    };
    puts.push(
      invitationEntity.item(invitation),
      pendingInvitationGuard.item({
        org_id: invitation.org_id,
        email: invitation.email,
        invitation_id: invitation.id,
        expires_at: invitation.expires_at,
      }),
    );
  }
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < puts.length; i += 25) batches.push(puts.slice(i, i + 25));
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      let pending = { [tableName]: batch.map((Item) => ({ PutRequest: { Item } })) } as
        | Record<string, Array<{ PutRequest: { Item: Record<string, unknown> } }>>
        | undefined;
      while (pending && Object.keys(pending).length > 0) {
        const result = await db.send(new BatchWriteCommand({ RequestItems: pending }));
        pending = result.UnprocessedItems as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
}
