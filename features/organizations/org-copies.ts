// Keeps the copies of an org on its memberships current (#17), from the table's stream, at least
// once: a rename (or anything else that changes what a copy holds) is written onto every
// membership, and a membership that joined without a copy gets one. Every write is conditioned on
// the copy's org version, so a replayed or late record never overwrites a newer copy.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { memberEntity } from '../members/member-entity.js';
import { copyOntoMembership, copyOntoMemberships } from '../members/org-copy-store.js';
import { orgCopyOf, orgEntity } from './org-entity.js';
import { getOrgConsistently } from './org-store.js';

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;
// Lambda's attribute-value type and the SDK's describe the same JSON; what it holds is checked by parse.
const itemOf = (image: Image) => unmarshall(image as Parameters<typeof unmarshall>[0]);

const sameCopy = (a: ReturnType<typeof orgCopyOf>, b: ReturnType<typeof orgCopyOf>) =>
  a.name === b.name && a.personal === b.personal && a.updated_at === b.updated_at && a.version === b.version;

/** Applies one stream record; how many memberships' copies it wrote. */
export async function copyOrgFromStreamRecord(record: DynamoDBRecord): Promise<number> {
  const newImage = record.dynamodb?.NewImage;
  if (newImage?.type?.S === orgEntity.type) {
    // A new org's memberships are written with their copies, in its own transaction.
    const oldImage = record.dynamodb?.OldImage;
    if (record.eventName !== 'MODIFY' || !oldImage) return 0;
    const org = orgEntity.parse(itemOf(newImage));
    const copy = orgCopyOf(org);
    // Counters move on the org item all the time; only a change the copies hold is worth a pass.
    if (sameCopy(orgCopyOf(orgEntity.parse(itemOf(oldImage))), copy)) return 0;
    return copyOntoMemberships(org.id, copy);
  }
  // A membership is read by its keys alone: the local stream hands an empty map (no grants) over as
  // `{}`, which no attribute-value reader takes, and nothing else of it matters here.
  const orgId = newImage?.org_id?.S;
  const userId = newImage?.user_id?.S;
  if (newImage?.type?.S !== memberEntity.type || record.eventName !== 'INSERT' || newImage.org_copy || !orgId || !userId) return 0;
  // Read after the membership exists: a rename committed before this read is in it, and one
  // committed after it finds the membership in its own pass, so either way the newest copy wins.
  const org = await getOrgConsistently(orgId);
  if (!org) return 0;
  return (await copyOntoMembership(orgId, userId, orgCopyOf(org))) ? 1 : 0;
}
