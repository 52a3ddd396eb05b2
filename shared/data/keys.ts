// Every key format of the single table lives here; nothing else spells a key attribute or prefix.
// The CDK stack and the local runtime build the table from TABLE_DEFINITION.
//
// Partition by org: an org's record, its members and its workspaces share `ORG#<orgId>`, so one
// Query or BatchGetItem answers a request together with its authorization lookup.
//   ORG#<orgId>  ORG                        the organization
//   ORG#<orgId>  MEMBER#<userId>            a membership (org role + workspace grants); in gsi1 under USER#<userId>
//   ORG#<orgId>  EMAIL#<email>              the member holding that address: "already a member" without a user id
//   ORG#<orgId>  WS#<workspaceId>           a workspace
//   ORG#<orgId>  WSNAME#<normalized name>   uniqueness guard for workspace names
//   ORG#<orgId>  INV#<invitationId>         an invitation; in gsi1 under INVITEE#<email>
//   ORG#<orgId>  PENDING#<email>            the one open invitation of an address in the org
//   ORG#<orgId>  OUTBOX#<sendId>            an email to send; in gsi1 under OUTBOX#DUE while unsent, by due time
//   USER#<userId> PROFILE                   a user; in gsi1 under USER#<userId> too, sorted before the memberships
//   TOKEN#<sha256 of token> INVITATION      finds an invitation from its link; what accepting needs, copied
//   MAILRATE#<email> INVITATION_EMAILS      when the last invitation emails to an address were queued (expires by TTL)
//   IDEMPOTENCY#<caller> KEY#<sha256 of key> a POST sent with an Idempotency-Key, and its response (expires by TTL)

export const TABLE_DEFINITION = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: {
    /** Items grouped by the person they belong to (a user, or an invitee's address), and the mail queue. */
    byPerson: { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  },
  timeToLiveAttribute: 'expires_at_epoch',
} as const;

export type PrimaryKey = { pk: string; sk: string };
type PersonIndexKey = { gsi1pk: string; gsi1sk: string };

const ORG = 'ORG#';
const USER = 'USER#';
const MEMBER = 'MEMBER#';
const WORKSPACE = 'WS#';
const WORKSPACE_NAME = 'WSNAME#';
const PROFILE = 'PROFILE';
const MEMBER_EMAIL = 'EMAIL#';
const INVITATION = 'INV#';
const INVITEE = 'INVITEE#';
const PENDING_INVITATION = 'PENDING#';
const OUTBOX = 'OUTBOX#';
const OUTBOX_DUE = 'OUTBOX#DUE';
const TOKEN = 'TOKEN#';
const MAIL_RATE = 'MAILRATE#';
const IDEMPOTENCY = 'IDEMPOTENCY#';

/** Email addresses compare case-insensitively everywhere. */
export function normalizeEmail(email: string): string {
  return email.trim().normalize('NFKC').toLowerCase();
}

/** Case-insensitive, and blind to Unicode forms that render the same. */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}

export const keys = {
  user: (userId: string): PrimaryKey => ({ pk: USER + userId, sk: PROFILE }),
  userInUserIndex: (userId: string): PersonIndexKey => ({ gsi1pk: USER + userId, gsi1sk: `#${PROFILE}` }),

  org: (orgId: string): PrimaryKey => ({ pk: ORG + orgId, sk: 'ORG' }),
  member: (orgId: string, userId: string): PrimaryKey => ({ pk: ORG + orgId, sk: MEMBER + userId }),
  memberInUserIndex: (userId: string, orgId: string): PersonIndexKey => ({ gsi1pk: USER + userId, gsi1sk: ORG + orgId }),

  workspace: (orgId: string, workspaceId: string): PrimaryKey => ({ pk: ORG + orgId, sk: WORKSPACE + workspaceId }),
  workspaceName: (orgId: string, name: string): PrimaryKey => ({ pk: ORG + orgId, sk: WORKSPACE_NAME + normalizeName(name) }),

  memberEmail: (orgId: string, email: string): PrimaryKey => ({ pk: ORG + orgId, sk: MEMBER_EMAIL + normalizeEmail(email) }),
  invitation: (orgId: string, invitationId: string): PrimaryKey => ({ pk: ORG + orgId, sk: INVITATION + invitationId }),
  invitationInPersonIndex: (email: string, invitationId: string): PersonIndexKey => ({
    gsi1pk: INVITEE + normalizeEmail(email),
    gsi1sk: INVITATION + invitationId,
  }),
  pendingInvitation: (orgId: string, email: string): PrimaryKey => ({ pk: ORG + orgId, sk: PENDING_INVITATION + normalizeEmail(email) }),
  invitationToken: (tokenHash: string): PrimaryKey => ({ pk: TOKEN + tokenHash, sk: 'INVITATION' }),
  outbox: (orgId: string, sendId: string): PrimaryKey => ({ pk: ORG + orgId, sk: OUTBOX + sendId }),
  /** Unsent mail sorts by when it is next due, so a retry pass reads only what is due. */
  outboxDue: (dueAt: string, sendId: string): PersonIndexKey => ({ gsi1pk: OUTBOX_DUE, gsi1sk: `${dueAt}#${sendId}` }),
  mailRate: (email: string): PrimaryKey => ({ pk: MAIL_RATE + normalizeEmail(email), sk: 'INVITATION_EMAILS' }),
  /** `caller` is a user id, or `public` for routes without sign-in; `keyHash` a digest of the client's key. */
  idempotency: (caller: string, keyHash: string): PrimaryKey => ({ pk: IDEMPOTENCY + caller, sk: `KEY#${keyHash}` }),
};

/** The attributes that put an item into the person index; removed when an outbox item leaves the queue. */
export const PERSON_INDEX_ATTRIBUTES = [TABLE_DEFINITION.indexes.byPerson.partitionKey, TABLE_DEFINITION.indexes.byPerson.sortKey] as const;

/** Ranges that list queries walk; `prefix` is matched with begins_with on the sort key. */
export const ranges = {
  /** Everything an org holds: for consistency checks and tests, never a request path. */
  wholeOrg: (orgId: string) => ({ partition: ORG + orgId }),
  workspacesOfOrg: (orgId: string) => ({ partition: ORG + orgId, prefix: WORKSPACE }),
  membersOfOrg: (orgId: string) => ({ partition: ORG + orgId, prefix: MEMBER }),
  invitationsOfOrg: (orgId: string) => ({ partition: ORG + orgId, prefix: INVITATION }),
  invitationsOfInvitee: (email: string) => ({ partition: INVITEE + normalizeEmail(email), prefix: INVITATION }),
  /** The user's profile and then their memberships, one per org, ordered by org id. */
  userIndexOfUser: (userId: string) => ({ partition: USER + userId }),
  membershipsOfUser: (userId: string) => ({ partition: USER + userId, prefix: ORG }),
  /** Unsent mail due by `dueBy` (ISO time), oldest first. */
  outboxDueBy: (dueBy: string) => ({ partition: OUTBOX_DUE, upTo: `${dueBy}#~` }),
};

/** The ExclusiveStartKey that continues a range after the item with this id. */
export function startAfter(range: { partition: string; prefix: string }, id: string): PrimaryKey {
  return { pk: range.partition, sk: range.prefix + id };
}

/**
 * The id in the sort key (or index sort key) of a LastEvaluatedKey, for a range with a prefix:
 * where a filtered or size-limited page stopped.
 */
export function lastEvaluatedId(
  lastEvaluatedKey: Record<string, unknown> | undefined,
  range: { prefix?: string },
  index?: { sortKey: string },
): string | undefined {
  if (!lastEvaluatedKey) return undefined;
  const sortKey = String(lastEvaluatedKey[index?.sortKey ?? TABLE_DEFINITION.sortKey] ?? '');
  return sortKey.slice(range.prefix?.length ?? 0);
}

/** The org and invitation ids in an invitation's primary key, e.g. where a person-index page stopped. */
export function invitationAddressOf(key: Record<string, unknown>): { orgId: string; invitationId: string } {
  const partition = String(key[TABLE_DEFINITION.partitionKey]);
  const sort = String(key[TABLE_DEFINITION.sortKey]);
  return { orgId: partition.slice(ORG.length), invitationId: sort.slice(INVITATION.length) };
}

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

/** Key condition for a Query over one partition, optionally narrowed to a sort-key prefix or an upper bound. */
export function partitionQuery(
  range: { partition: string; prefix?: string; upTo?: string },
  index?: { partitionKey: string; sortKey: string },
): { KeyConditionExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, string> } {
  const partitionKey = index?.partitionKey ?? TABLE_DEFINITION.partitionKey;
  const sortKey = index?.sortKey ?? TABLE_DEFINITION.sortKey;
  const query = {
    KeyConditionExpression: '#partition = :partition',
    ExpressionAttributeNames: { '#partition': partitionKey } as Record<string, string>,
    ExpressionAttributeValues: { ':partition': range.partition } as Record<string, string>,
  };
  if (range.prefix !== undefined) {
    query.KeyConditionExpression += ' AND begins_with(#sort, :prefix)';
    query.ExpressionAttributeNames['#sort'] = sortKey;
    query.ExpressionAttributeValues[':prefix'] = range.prefix;
  } else if (range.upTo !== undefined) {
    query.KeyConditionExpression += ' AND #sort <= :upTo';
    query.ExpressionAttributeNames['#sort'] = sortKey;
    query.ExpressionAttributeValues[':upTo'] = range.upTo;
  }
  return query;
}
