// The queue of grant cleanups: what is due, and taking one off once its grants are dropped.
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { partitionQuery } from '../../shared/table/keys.js';
import { TABLE_DEFINITION } from '../../shared/table/table-definition.js';
import { type GrantCleanupRecord, grantCleanupEntity, grantCleanupsDueBy } from './grant-cleanup-entity.js';

/** Cleanups due by `now`, oldest first (the index is eventually consistent: one just done may still show, and is done again harmlessly). */
export async function listDue(now: string, limit: number): Promise<GrantCleanupRecord[]> {
  const index = TABLE_DEFINITION.indexes.byPerson;
  const result = await db.send(
    new QueryCommand({ TableName: tableName, IndexName: index.indexName, ...partitionQuery(grantCleanupsDueBy(now), index), Limit: limit }),
  );
  return (result.Items ?? []).map((item) => grantCleanupEntity.parse(item));
}

/** Takes the cleanup off the queue; deleting one that is already gone changes nothing. */
export async function markDone(orgId: string, workspaceId: string): Promise<void> {
  await db.send(new DeleteCommand({ TableName: tableName, Key: grantCleanupEntity.key({ org_id: orgId, workspace_id: workspaceId }) }));
}
