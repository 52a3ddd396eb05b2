// The write an admin's replay makes: the delivery is due again now, back in the due queue. A
// delivery that had ended gets one more attempt (`replay`); a pending one keeps its schedule and is
// only brought forward. Refused while an attempt is under way, which would decide its outcome.
import { PERSON_INDEX_ATTRIBUTES } from '../../shared/table/keys.js';
import { steps } from '../../shared/table/steps.js';
import { type DeliveryRecord, deliveryDueKey, deliveryEntity } from './webhook-delivery-entity.js';

export const replayNow = (current: DeliveryRecord, now: string) => {
  const due = deliveryDueKey(now, current.id);
  const [partitionName, sortName] = PERSON_INDEX_ATTRIBUTES;
  return steps.update(
    'delivery',
    deliveryEntity.key(current),
    {
      expression:
        'SET #status = :pending, next_attempt_at = :now, replay = :replay, #duePartition = :duePartition, #dueSort = :dueSort REMOVE lease_until',
      names: { '#status': 'status', '#duePartition': partitionName, '#dueSort': sortName },
      values: {
        ':pending': 'pending',
        ':now': now,
        ':replay': current.status !== 'pending' || current.replay === true,
        ':duePartition': due.gsi1pk,
        ':dueSort': due.gsi1sk,
      },
    },
    {
      condition: {
        expression: 'attribute_exists(#status) AND (attribute_not_exists(lease_until) OR lease_until < :now)',
        names: { '#status': 'status' },
      },
    },
  );
};
