// Who administers an org, or one of its workspaces: the people emails about it go to. No index
// lists them, so this reads the org's memberships: fine for what is rare (a notice to admins, an
// endpoint turned off), not for a request path.
import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { partitionQuery } from '../../shared/table/keys.js';
import { memberEntity, memberRanges } from './member-entity.js';

/** The addresses of the org's admins, and of the workspace's admins when one is given; each member once. */
export async function adminAddresses(orgId: string, workspaceId: string | null): Promise<string[]> {
  const range = memberRanges.membersOfOrg(orgId);
  const query = partitionQuery(range);
  const addresses: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page: QueryCommandOutput = await db.send(
      new QueryCommand({
        TableName: tableName,
        ...query,
        FilterExpression: workspaceId ? '#role = :admin OR #grants.#workspace = :admin' : '#role = :admin',
        ExpressionAttributeNames: {
          ...query.ExpressionAttributeNames,
          '#role': 'role',
          ...(workspaceId ? { '#grants': 'workspaces', '#workspace': workspaceId } : {}),
        },
        ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ':admin': 'admin' },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    addresses.push(...(page.Items ?? []).map((item) => memberEntity.parse(item).email));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return addresses;
}
