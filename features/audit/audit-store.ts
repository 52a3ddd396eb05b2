// Reading the log: a key range of event ids (UUIDv7, so a time range is an id range), on the org's
// partition or, for one workspace, on the person index. A page reads at most `limit` events past
// the filters, so its cost depends on the page and the time range, not on the size of the log.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { batchGet } from '../../shared/table/batch-get.js';
import { lastEvaluatedId } from '../../shared/table/keys.js';
import { takePage } from '../../shared/table/page-cursor.js';
import type { Expression } from '../../shared/table/steps.js';
import { orgPartition, PREFIXES, TABLE_DEFINITION } from '../../shared/table/table-definition.js';
import { memberEntity } from '../members/member-entity.js';
import { workspaceEntity } from '../workspaces/workspace-entity.js';
import { type AuditEventRecord, auditEventEntity, workspaceLogPartition } from './audit-event-entity.js';

export interface LogQuery {
  orgId: string;
  /** Read the workspace's log from the person index rather than the org's partition. */
  workspaceId?: string;
  /** Event ids bounding the range, both inclusive. */
  fromId: string;
  toId: string;
  limit: number;
  /** Continue after this event id, in the direction of the read. */
  afterId?: string;
  newestFirst: boolean;
  filter?: Expression;
}

const personIndex = TABLE_DEFINITION.indexes.byPerson;

function rangeQuery(query: LogQuery) {
  const onIndex = query.workspaceId !== undefined;
  const prefix = onIndex ? '' : PREFIXES.auditEvent;
  const partitionKey = onIndex ? personIndex.partitionKey : TABLE_DEFINITION.partitionKey;
  const sortKey = onIndex ? personIndex.sortKey : TABLE_DEFINITION.sortKey;
  const partition = onIndex ? workspaceLogPartition(query.orgId, query.workspaceId!) : orgPartition(query.orgId);
  const after = query.afterId
    ? {
        ExclusiveStartKey: {
          ...auditEventEntity.key({ org_id: query.orgId, id: query.afterId }),
          ...(onIndex ? { [partitionKey]: partition, [sortKey]: query.afterId } : {}),
        },
      }
    : {};
  return {
    prefix,
    sortKey,
    command: new QueryCommand({
      TableName: tableName,
      ...(onIndex ? { IndexName: personIndex.indexName } : { ConsistentRead: true }),
      KeyConditionExpression: '#partition = :partition AND #sort BETWEEN :from AND :to',
      ...(query.filter ? { FilterExpression: query.filter.expression } : {}),
      ExpressionAttributeNames: { '#partition': partitionKey, '#sort': sortKey, ...query.filter?.names },
      ExpressionAttributeValues: {
        ':partition': partition,
        ':from': prefix + query.fromId,
        ':to': prefix + query.toId,
        ...query.filter?.values,
      },
      ScanIndexForward: !query.newestFirst,
      Limit: query.limit + 1,
      ...after,
    }),
  };
}

export interface LogPage {
  events: AuditEventRecord[];
  /** The event id to continue after, when there may be more. */
  lastId: string | undefined;
}

/**
 * Where a continuation id lies relative to the range: DynamoDB refuses a start key outside the key
 * condition, and ranges move (retention moves the start; `now` moves the end of the feed).
 */
function placeAfter(query: LogQuery): LogQuery | 'nothing_left' {
  const { afterId, fromId, toId, newestFirst } = query;
  if (afterId === undefined) return query;
  const { afterId: _dropped, ...fromTheStart } = query;
  if (afterId < fromId) return newestFirst ? 'nothing_left' : fromTheStart;
  if (afterId > toId) return newestFirst ? fromTheStart : 'nothing_left';
  return query;
}

async function readLog(requested: LogQuery): Promise<LogPage> {
  const query = placeAfter(requested);
  if (query === 'nothing_left') return { events: [], lastId: undefined };
  const { prefix, sortKey, command } = rangeQuery(query);
  const result = await db.send(command);
  const events = (result.Items ?? []).map((item) => auditEventEntity.parse(item));
  const stoppedAt = lastEvaluatedId(result.LastEvaluatedKey, { prefix }, { sortKey });
  const { page, lastId } = takePage(events, query.limit, stoppedAt, (event) => event.id);
  return { events: page, lastId };
}

/**
 * The caller's membership (with the workspace, for a workspace's log: one of another org must
 * answer 404) and a page of the log, sent in parallel: no single key range holds both, and waiting
 * for the membership first would double the latency.
 */
export async function readLogWithMembership(query: LogQuery, userId: string) {
  const memberKey = memberEntity.key({ org_id: query.orgId, user_id: userId });
  const workspaceKey = query.workspaceId ? workspaceEntity.key({ org_id: query.orgId, id: query.workspaceId }) : undefined;
  const [found, page] = await Promise.all([batchGet(workspaceKey ? [memberKey, workspaceKey] : [memberKey]), readLog(query)]);
  return {
    member: memberEntity.parseOptional(found.get(memberKey)),
    workspaceExists: workspaceKey ? workspaceEntity.is(found.get(workspaceKey)) : undefined,
    ...page,
  };
}
