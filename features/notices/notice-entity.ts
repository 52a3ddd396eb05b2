// A notice: an email other than an invitation, rendered when it was queued (subject, text, html),
// with its audience. A notice to a group (the org's admins, a workspace's admins) is expanded at
// send time into one notice per recipient, each sent and retried on its own; its child ids derive
// from the parent's id and the address, so a second expansion writes nothing new. While pending a
// notice sits in the person index under NOTICE#DUE, sorted by when it is next due; it leaves it
// when it is sent, fails for good or is expanded, and DynamoDB deletes it 30 days after that.
import { createHash } from 'node:crypto';
import { defineEntity } from '../../shared/table/entity.js';
import { type Stored, shape } from '../../shared/table/stored-shape.js';
import { orgPartition, PREFIXES } from '../../shared/table/table-definition.js';
import { normalizeEmail } from '../../shared/vocabulary/email-address.js';

export const NOTICE_STATUSES = ['pending', 'sent', 'failed', 'expanded'] as const;
export const NOTICE_AUDIENCES = ['address', 'org_admins', 'workspace_admins'] as const;

/** How long a notice is kept once it has been sent, has failed or was expanded. */
export const NOTICE_RETENTION_DAYS = 30;

const noticeRecord = shape.object({
  id: shape.string,
  org_id: shape.string,
  /** What the notice tells of (`access_request.created`): for logs and tests. */
  kind: shape.string,
  audience: shape.oneOf(NOTICE_AUDIENCES),
  /** The address, for an `address` notice. */
  to: shape.nullable(shape.string),
  /** The workspace, for a `workspace_admins` notice. */
  workspace_id: shape.nullable(shape.string),
  /** The group notice this one was expanded from. */
  parent_id: shape.nullable(shape.string),
  subject: shape.string,
  text: shape.string,
  html: shape.string,
  status: shape.oneOf(NOTICE_STATUSES),
  attempts: shape.number,
  next_attempt_at: shape.string,
  /** While a sender holds it, other deliveries of the same notice stand back until this passes. */
  lease_until: shape.optional(shape.string),
  last_error: shape.optional(shape.nullable(shape.string)),
  ses_message_id: shape.optional(shape.string),
  /** For an expanded notice: how many recipients it was expanded to. */
  recipients: shape.optional(shape.number),
  created_at: shape.string,
  finished_at: shape.optional(shape.string),
});

export type NoticeRecord = Stored<typeof noticeRecord>;

/** Where a pending notice sorts in the due queue. */
export const noticeDueKey = (dueAt: string, noticeId: string) => ({ gsi1pk: PREFIXES.noticeDue, gsi1sk: `${dueAt}#${noticeId}` });

export const noticeEntity = defineEntity({
  type: 'notice',
  shape: noticeRecord,
  key: (notice: Pick<NoticeRecord, 'org_id' | 'id'>) => ({ pk: orgPartition(notice.org_id), sk: PREFIXES.notice + notice.id }),
  indexKeys: (notice): Record<string, string> => (notice.status === 'pending' ? noticeDueKey(notice.next_attempt_at, notice.id) : {}),
});

/** Pending notices due by `dueBy` (ISO time), oldest first. */
export const noticesDueBy = (dueBy: string) => ({ partition: PREFIXES.noticeDue, upTo: `${dueBy}#~` });

export const noticeRanges = {
  noticesOfOrg: (orgId: string) => ({ partition: orgPartition(orgId), prefix: PREFIXES.notice }),
};

/** The id of a group notice's copy for one address: the same on every expansion, so none is sent twice. */
export function recipientNoticeId(parentId: string, address: string): string {
  return `${parentId}.${createHash('sha256').update(normalizeEmail(address)).digest('hex').slice(0, 24)}`;
}

/** The id a notice was queued under: a recipient's copy carries its group notice's, which holds the time it was queued. */
export const queuedNoticeId = (id: string): string => id.split('.')[0]!;
