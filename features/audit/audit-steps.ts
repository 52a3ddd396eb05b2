// The step that writes an event, and the transaction helpers every change goes through: a change
// cannot be committed without at least one event, so no write path can forget its audit trail.
import type { Step } from '../../shared/table/steps.js';
import { conditions, steps } from '../../shared/table/steps.js';
import { type ConditionFailure, type TransactOutcome, transact, transactOrThrow } from '../../shared/table/transact.js';
import { type AuditEventRecord, auditEventEntity } from './audit-event-entity.js';

/** A fresh UUIDv7 cannot collide; the condition makes sure an event is never overwritten all the same. */
export const record = (event: AuditEventRecord) => steps.put('audit_event', auditEventEntity.item(event), { condition: conditions.isNew });

function withEvents<L extends string>(changeSteps: readonly Step<L>[], events: readonly AuditEventRecord[]): Step<L | 'audit_event'>[] {
  if (events.length === 0) throw new Error('A change must record at least one audit event');
  return [...changeSteps, ...events.map(record)];
}

const collided = () => new Error('A freshly generated audit event id collided');

/** The change and its events in one TransactWriteItems; a failed condition of the change comes back as a value. */
export async function commit<L extends string>(
  changeSteps: readonly Step<L>[],
  events: readonly AuditEventRecord[],
): Promise<TransactOutcome<L>> {
  const outcome = await transact(withEvents(changeSteps, events));
  if (!outcome.ok && outcome.label === 'audit_event') throw collided();
  return outcome as TransactOutcome<L>;
}

/** As commit, for a change whose every failure is final. */
export function commitOrThrow<L extends string>(
  changeSteps: readonly Step<L>[],
  events: readonly AuditEventRecord[],
  explain: (failure: ConditionFailure<L>) => Error,
): Promise<void> {
  return transactOrThrow(withEvents(changeSteps, events), (failure) => {
    if (failure.label === 'audit_event') return collided();
    return explain(failure as ConditionFailure<L>);
  });
}
