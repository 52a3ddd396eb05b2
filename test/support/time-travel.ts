// Moves an invitation's expiry into the past in DynamoDB Local, where waiting a day is not an option.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { invitationEntity, invitationToken, pendingInvitationGuard } from '../../features/invitations/invitation-entity.js';
import { hashInvitationToken } from '../../features/invitations/invitation-token.js';
import { db, tableName } from '../../shared/clients.js';

export async function expireInvitation(orgId: string, invitationId: string, token: string): Promise<void> {
  const past = new Date(Date.now() - 60_000).toISOString();
  for (const key of [
    invitationEntity.key({ org_id: orgId, id: invitationId }),
    invitationToken.key({ token_hash: hashInvitationToken(token) }),
  ]) {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET expires_at = :past',
        ExpressionAttributeValues: { ':past': past },
      }),
    );
  }
  const { email } = (
    await db.send(new GetCommand({ TableName: tableName, Key: invitationEntity.key({ org_id: orgId, id: invitationId }) }))
  ).Item!;
  const guard = pendingInvitationGuard.key({ org_id: orgId, email });
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: guard,
      UpdateExpression: 'SET expires_at = :past',
      ExpressionAttributeValues: { ':past': past },
    }),
  );
}

/** The invitation as stored, for checks that look behind the API (e.g. that no token is kept). */
export async function storedInvitation(orgId: string, invitationId: string): Promise<Record<string, unknown>> {
  return (
    await db.send(
      new GetCommand({ TableName: tableName, Key: invitationEntity.key({ org_id: orgId, id: invitationId }), ConsistentRead: true }),
    )
  ).Item!;
}
