import { conditions, steps } from '../../shared/table/steps.js';
import { type UserRecord, userEntity } from './user-entity.js';

export const create = (user: UserRecord) => steps.put('user_exists', userEntity.item(user), { condition: conditions.isNew });
