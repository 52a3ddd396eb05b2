// The one org that owns a domain, whatever org claims it: the guard written in the transaction
// that marks a claim verified (on the condition that it does not exist or is already this org's),
// so two orgs verifying at once leave one owner. Its status follows the claim's: `lapsed` while the
// TXT record has been missing a week, back to `verified` when it returns. Deleted with the claim.
// Auto-join honours only `status: 'verified'`.
import { defineEntity } from '../../shared/table/entity.js';
import { type Stored, shape } from '../../shared/table/stored-shape.js';
import { PREFIXES } from '../../shared/table/table-definition.js';

const domainOwnerRecord = shape.object({
  /** Lowercased and IDNA-encoded, as `normalizeDomain` and `emailDomain` give it. */
  domain: shape.string,
  org_id: shape.string,
  domain_id: shape.string,
  status: shape.oneOf(['verified', 'lapsed'] as const),
  verified_at: shape.string,
});

export type DomainOwnerRecord = Stored<typeof domainOwnerRecord>;

export const domainOwnerEntity = defineEntity({
  type: 'domain_owner',
  shape: domainOwnerRecord,
  key: (owner: { domain: string }) => ({ pk: PREFIXES.domainOwner + owner.domain, sk: 'OWNER' }),
});
