import { conditions, steps } from '../../shared/table/steps.js';
import { type OutboxRecord, outboxEntity } from './outbox-entity.js';

export const queue = (outbox: OutboxRecord) => steps.put('new_item', outboxEntity.item(outbox), { condition: conditions.isNew });
