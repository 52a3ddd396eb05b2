// Someone who left the org, or whom an admin removed: joining by domain skips them, so leaving
// sticks and a removal is not undone by the next sign-in. Keyed by address (what an invitation
// knows), written in the transaction that ends the membership, cleared by an admin's invitation
// to that address or an approved join request.
import { defineEntity } from '../../shared/table/entity.js';
import { type Stored, shape } from '../../shared/table/stored-shape.js';
import { orgPartition, PREFIXES } from '../../shared/table/table-definition.js';
import { normalizeEmail } from '../../shared/vocabulary/email-address.js';

const joinBlockRecord = shape.object({
  org_id: shape.string,
  email: shape.string,
  user_id: shape.string,
  /** `removed` also refuses join requests; `left` only stops joining by itself. */
  reason: shape.oneOf(['left', 'removed'] as const),
  created_at: shape.string,
});

export type JoinBlockRecord = Stored<typeof joinBlockRecord>;

export const joinBlockEntity = defineEntity({
  type: 'join_block',
  shape: joinBlockRecord,
  key: (block: Pick<JoinBlockRecord, 'org_id' | 'email'>) => ({
    pk: orgPartition(block.org_id),
    sk: PREFIXES.joinBlock + normalizeEmail(block.email),
  }),
});
