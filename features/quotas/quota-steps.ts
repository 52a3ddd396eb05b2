// The one write step of a quota: count one more in the current window, if it has room. Other
// features put it into the transaction of the write being counted, under a label that names the
// limit, so a refusal is explained by which limit it was.
import { epochSeconds } from '../../shared/table/keys.js';
import { steps } from '../../shared/table/steps.js';
import { TABLE_DEFINITION } from '../../shared/table/table-definition.js';
import { type QuotaSubject, type QuotaWindow, quotaEntity, windowAt } from './quota-entity.js';

export interface Quota extends QuotaSubject {
  window: QuotaWindow;
  /** At most this many per window. */
  limit: number;
}

export const count = <L extends string>(label: L, quota: Quota, now: string) => {
  const { start, end } = windowAt(quota.window, now);
  const names = { '#count': 'count' };
  return steps.update(
    label,
    quotaEntity.key({ scope: quota.scope, subject: quota.subject, window: quota.window, start }),
    {
      expression: 'SET #type = :type, window_end = :end, #ttl = :ttl ADD #count :one',
      names: { ...names, '#type': 'type', '#ttl': TABLE_DEFINITION.timeToLiveAttribute },
      values: { ':type': quotaEntity.type, ':end': end, ':ttl': epochSeconds(end, 1), ':one': 1 },
    },
    { condition: { expression: 'attribute_not_exists(#count) OR #count < :limit', names, values: { ':limit': quota.limit } } },
  );
};
