// Every key format of the single table lives here; nothing else spells a key attribute or prefix.
// The CDK stack and the local runtime build the table from TABLE_DEFINITION.
//
// Partition by org: an org's record, its members and its workspaces share `ORG#<orgId>`, so one
// Query or BatchGetItem answers a request together with its authorization lookup.
//   ORG#<orgId>  ORG                        the organization
//   ORG#<orgId>  MEMBER#<userId>            a membership (org role + workspace grants); in gsi1 under USER#<userId>
//   ORG#<orgId>  WS#<workspaceId>           a workspace
//   ORG#<orgId>  WSNAME#<normalized name>   uniqueness guard for workspace names
//   USER#<userId> PROFILE                   a user; in gsi1 under USER#<userId> too, sorted before the memberships

export const TABLE_DEFINITION = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: {
    byUser: { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  },
  timeToLiveAttribute: 'expires_at_epoch',
} as const;

export type PrimaryKey = { pk: string; sk: string };
type UserIndexKey = { gsi1pk: string; gsi1sk: string };

const ORG = 'ORG#';
const USER = 'USER#';
const MEMBER = 'MEMBER#';
const WORKSPACE = 'WS#';
const WORKSPACE_NAME = 'WSNAME#';
const PROFILE = 'PROFILE';

/** Case-insensitive, and blind to Unicode forms that render the same. */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}

export const keys = {
  user: (userId: string): PrimaryKey => ({ pk: USER + userId, sk: PROFILE }),
  userInUserIndex: (userId: string): UserIndexKey => ({ gsi1pk: USER + userId, gsi1sk: `#${PROFILE}` }),

  org: (orgId: string): PrimaryKey => ({ pk: ORG + orgId, sk: 'ORG' }),
  member: (orgId: string, userId: string): PrimaryKey => ({ pk: ORG + orgId, sk: MEMBER + userId }),
  memberInUserIndex: (userId: string, orgId: string): UserIndexKey => ({ gsi1pk: USER + userId, gsi1sk: ORG + orgId }),

  workspace: (orgId: string, workspaceId: string): PrimaryKey => ({ pk: ORG + orgId, sk: WORKSPACE + workspaceId }),
  workspaceName: (orgId: string, name: string): PrimaryKey => ({ pk: ORG + orgId, sk: WORKSPACE_NAME + normalizeName(name) }),
};

/** Ranges that list queries walk; `prefix` is matched with begins_with on the sort key. */
export const ranges = {
  workspacesOfOrg: (orgId: string) => ({ partition: ORG + orgId, prefix: WORKSPACE }),
  /** The user's profile and then their memberships, one per org, ordered by org id. */
  userIndexOfUser: (userId: string) => ({ partition: USER + userId }),
  membershipsOfUser: (userId: string) => ({ partition: USER + userId, prefix: ORG }),
};

/** Strips every key attribute, so that nothing the table uses for addressing reaches a response. */
export function withoutKeys<T extends Record<string, unknown>>(item: T): Omit<T, 'pk' | 'sk' | 'gsi1pk' | 'gsi1sk'> {
  const { pk: _pk, sk: _sk, gsi1pk: _gpk, gsi1sk: _gsk, ...rest } = item;
  return rest;
}

/** Conditions on an item's existence, phrased on the key attribute so that no other module names it. */
export const existence = {
  isNew: { ConditionExpression: 'attribute_not_exists(#key)', ExpressionAttributeNames: { '#key': TABLE_DEFINITION.partitionKey } },
  exists: { ConditionExpression: 'attribute_exists(#key)', ExpressionAttributeNames: { '#key': TABLE_DEFINITION.partitionKey } },
};

/** Key condition for a Query over one partition, optionally narrowed to a sort-key prefix. */
export function partitionQuery(
  range: { partition: string; prefix?: string },
  index?: { partitionKey: string; sortKey: string },
): { KeyConditionExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, string> } {
  const partitionKey = index?.partitionKey ?? TABLE_DEFINITION.partitionKey;
  const sortKey = index?.sortKey ?? TABLE_DEFINITION.sortKey;
  return range.prefix === undefined
    ? {
        KeyConditionExpression: '#partition = :partition',
        ExpressionAttributeNames: { '#partition': partitionKey },
        ExpressionAttributeValues: { ':partition': range.partition },
      }
    : {
        KeyConditionExpression: '#partition = :partition AND begins_with(#sort, :prefix)',
        ExpressionAttributeNames: { '#partition': partitionKey, '#sort': sortKey },
        ExpressionAttributeValues: { ':partition': range.partition, ':prefix': range.prefix },
      };
}
