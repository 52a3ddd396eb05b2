// The one way a feature sends an email other than an invitation: a step that queues the notice in
// the same transaction as the change it tells of. The stream sends it at once; the retry schedule
// sends what is still due (see notice-delivery.ts).
import { config } from '../../shared/config.js';
import { conditions, type Step, steps } from '../../shared/table/steps.js';
import { newId } from '../../shared/vocabulary/ids.js';
import { type NoticeRecord, noticeEntity } from './notice-entity.js';

export type NoticeAudience =
  /** One address. */
  | { to: string }
  /** Every admin of the org, as they are when the notice is sent. */
  | { orgAdmins: true }
  /** That workspace's admins and the org's admins (as they are when it is sent), each once. */
  | { workspaceAdmins: string };

export interface NoticeInput {
  orgId: string;
  /** What it tells of, e.g. 'access_request.created', 'domain.lapsed'; for logs and tests. */
  kind: string;
  audience: NoticeAudience;
  /** Rendered when queued, with what other people typed made inert (../invitations/inert-text.ts); never a secret or token. */
  subject: string;
  text: string;
  html: string;
}

/** The stream sends a new notice within a second; the retry pass leaves it that long before it may send it too. */
const firstDueAt = (now: string) => new Date(Date.parse(now) + config().mailStreamGraceSeconds * 1000).toISOString();

export function noticeRecordOf(notice: NoticeInput, now: string, id = newId()): NoticeRecord {
  const { audience } = notice;
  return {
    id,
    org_id: notice.orgId,
    kind: notice.kind,
    audience: 'to' in audience ? 'address' : 'orgAdmins' in audience ? 'org_admins' : 'workspace_admins',
    to: 'to' in audience ? audience.to : null,
    workspace_id: 'workspaceAdmins' in audience ? audience.workspaceAdmins : null,
    parent_id: null,
    subject: notice.subject,
    text: notice.text,
    html: notice.html,
    status: 'pending',
    attempts: 0,
    next_attempt_at: firstDueAt(now),
    created_at: now,
  };
}

/** A transaction step that queues the notice, written in the same transaction as the change it tells of. */
export function queueNotice(notice: NoticeInput, now: string): Step<'notice_queued'> {
  return steps.put('notice_queued', noticeEntity.item(noticeRecordOf(notice, now)), { condition: conditions.isNew });
}

/** A group notice's copy for one recipient, due as a new notice is. */
export function recipientNotice(parent: NoticeRecord, id: string, to: string, now: string): NoticeRecord {
  const { kind, subject, text, html } = parent;
  return { ...noticeRecordOf({ orgId: parent.org_id, kind, audience: { to }, subject, text, html }, now, id), parent_id: parent.id };
}
