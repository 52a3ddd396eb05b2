// An invitation email waiting to be sent. While unsent it sits in the person index under
// OUTBOX#DUE, sorted by when it is next due, so the retry pass reads only what is due; it leaves
// the index (and forgets the token) when it is sent, fails for good or is superseded.
import { defineEntity } from '../../shared/table/entity.js';
import { type Stored, shape } from '../../shared/table/stored-shape.js';
import { orgPartition, PREFIXES } from '../../shared/table/table-definition.js';
import { ROLE_KEYS } from '../../shared/vocabulary/policy.js';

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed', 'superseded'] as const;

const outboxRecord = shape.object({
  id: shape.string,
  org_id: shape.string,
  invitation_id: shape.string,
  /** The grants at the time of sending, so the mailer reads the workspaces' names with the invitation. */
  workspaces: shape.array(shape.object({ workspace_id: shape.string, role: shape.oneOf(ROLE_KEYS) })),
  to: shape.string,
  /** The invitation token, held only until the email is sent (the mailer needs it for the link); removed by the write that records the send. */
  token: shape.optional(shape.string),
  status: shape.oneOf(OUTBOX_STATUSES),
  attempts: shape.number,
  next_attempt_at: shape.string,
  /** While a mailer is sending, other deliveries of the same item stand back until this passes. */
  lease_until: shape.optional(shape.string),
  last_error: shape.optional(shape.nullable(shape.string)),
  ses_message_id: shape.optional(shape.string),
  created_at: shape.string,
  sent_at: shape.optional(shape.string),
});

export type OutboxRecord = Stored<typeof outboxRecord>;

/** Where an unsent item sorts in the due queue. */
export const outboxDueKey = (dueAt: string, sendId: string) => ({ gsi1pk: PREFIXES.outboxDue, gsi1sk: `${dueAt}#${sendId}` });

export const outboxEntity = defineEntity({
  type: 'outbox',
  shape: outboxRecord,
  key: (outbox: Pick<OutboxRecord, 'org_id' | 'id'>) => ({ pk: orgPartition(outbox.org_id), sk: PREFIXES.outbox + outbox.id }),
  indexKeys: (outbox) => outboxDueKey(outbox.next_attempt_at, outbox.id),
});

/** Unsent mail due by `dueBy` (ISO time), oldest first. */
export const outboxDueBy = (dueBy: string) => ({ partition: PREFIXES.outboxDue, upTo: `${dueBy}#~` });
