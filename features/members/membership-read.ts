// The caller's membership alone, in one GetItem: what a service reads when it needs the caller's
// standing and nothing beside it (a refusal's answer, say). Apart from member-store.ts so that the
// features that call it carry no member writes in their bundles.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { type MemberRecord, memberEntity } from './member-entity.js';

export async function getMembership(orgId: string, userId: string): Promise<MemberRecord | undefined> {
  const key = memberEntity.key({ org_id: orgId, user_id: userId });
  const result = await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return memberEntity.parseOptional(result.Item);
}
