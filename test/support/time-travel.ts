// Moves an invitation's expiry into the past in DynamoDB Local, where waiting a day is not an option.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { keys } from '../../shared/data/keys.js';
import { hashInvitationToken } from '../../shared/domain/invitation-token.js';

export async function expireInvitation(orgId: string, invitationId: string, token: string): Promise<void> {
  const past = new Date(Date.now() - 60_000).toISOString();
  for (const key of [keys.invitation(orgId, invitationId), keys.invitationToken(hashInvitationToken(token))]) {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET expires_at = :past',
        ExpressionAttributeValues: { ':past': past },
      }),
    );
  }
  const guard = keys.pendingInvitation(
    orgId,
    (await db.send(new GetCommand({ TableName: tableName, Key: keys.invitation(orgId, invitationId) }))).Item!.email,
  );
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
  return (await db.send(new GetCommand({ TableName: tableName, Key: keys.invitation(orgId, invitationId), ConsistentRead: true }))).Item!;
}
