// A user: created on first sign-in with their personal org. The profile sits in the person index
// under the user's own partition, sorted before their memberships, so /me reads both in one query.
import { defineEntity } from '../../shared/table/entity.js';
import { type Stored, shape } from '../../shared/table/stored-shape.js';
import { PREFIXES } from '../../shared/table/table-definition.js';

const userRecord = shape.object({
  id: shape.string,
  email: shape.string,
  name: shape.nullable(shape.string),
  personal_org_id: shape.string,
  created_at: shape.string,
});

export type UserRecord = Stored<typeof userRecord>;

export const userEntity = defineEntity({
  type: 'user',
  shape: userRecord,
  key: (user: Pick<UserRecord, 'id'>) => ({ pk: PREFIXES.user + user.id, sk: 'PROFILE' }),
  indexKeys: (user) => ({ gsi1pk: PREFIXES.user + user.id, gsi1sk: '#PROFILE' }),
});

/** The user's profile and then their memberships, one per org, ordered by org id (the person index). */
export const userIndexOfUser = (userId: string) => ({ partition: PREFIXES.user + userId });
