// The org copies on memberships (member-entity.ts `org_copy`): written by the stream consumer,
// one membership at a time, each only over a copy of an older org version. Replaying a record, or
// running an older rename after a newer one, therefore changes nothing.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { conditionHeld } from '../../shared/table/conditional-write.js';
import { queryRange, toRangePage } from '../../shared/table/query-page.js';
import { conditions } from '../../shared/table/steps.js';
import { memberEntity, memberRanges, type OrgCopy } from './member-entity.js';

/** Memberships per page of a rename's propagation: an org may have 10,000 members. */
const PAGE = 100;

const OLDER_COPY = 'attribute_not_exists(org_copy) OR org_copy.version < :version';

/** Writes the copy onto one membership if it still exists and holds no copy as new; whether it did. */
export function copyOntoMembership(orgId: string, userId: string, copy: OrgCopy): Promise<boolean> {
  const condition = conditions.all(conditions.exists, { expression: OLDER_COPY })!;
  return conditionHeld(
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: memberEntity.key({ org_id: orgId, user_id: userId }),
        UpdateExpression: 'SET org_copy = :copy',
        ConditionExpression: condition.expression,
        ExpressionAttributeNames: condition.names,
        ExpressionAttributeValues: { ':copy': copy, ':version': copy.version },
      }),
    ),
  );
}

/**
 * Writes the copy onto every membership of the org that holds an older one, a page at a time; the
 * number written. A failure part-way throws, and the record is retried from the start: the pages
 * done already are filtered out or refused by the version condition, so nothing is lost or reordered.
 */
export async function copyOntoMemberships(orgId: string, copy: OrgCopy): Promise<number> {
  const range = memberRanges.membersOfOrg(orgId);
  let copied = 0;
  let after: string | undefined;
  do {
    const result = await queryRange(range, PAGE, after, { expression: OLDER_COPY, values: { ':version': copy.version } });
    const page = toRangePage(
      result,
      range,
      PAGE,
      (item) => memberEntity.parse(item),
      (member) => member.user_id,
    );
    const written = await Promise.all(page.items.map((member) => copyOntoMembership(orgId, member.user_id, copy)));
    copied += written.filter(Boolean).length;
    after = page.lastId;
  } while (after);
  return copied;
}
