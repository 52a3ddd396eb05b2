// Writing a domain claim. Every change is a whole new item over the version that was read (so its
// place in the DOMAINCHECK#DUE index moves with next_check_at), and the owner item moves with it:
// written where a claim becomes verified, on the condition that no other org owns the domain;
// `lapsed` while its claim is; gone with its claim.
import { conditions, type Expression, steps } from '../../shared/table/steps.js';
import { TABLE_DEFINITION } from '../../shared/table/table-definition.js';
import { type DomainRecord, domainClaimPointer, domainCounter, domainEntity, domainNameGuard } from './domain-entity.js';
import { domainOwnerEntity } from './domain-owner-entity.js';

const atVersion = (version: number): Expression => ({ expression: 'version = :readVersion', values: { ':readVersion': version } });

const pointerOf = (claim: DomainRecord) => ({ domain: claim.domain, org_id: claim.org_id, domain_id: claim.id });

/** A new claim, its name guard and its pointer beside the domain's owner item. */
export const create = (claim: DomainRecord) => [
  steps.put('domain_already_added', domainNameGuard.item({ org_id: claim.org_id, domain: claim.domain, domain_id: claim.id }), {
    condition: conditions.isNew,
  }),
  steps.put('new_item', domainEntity.item(claim), { condition: conditions.isNew }),
  steps.put('new_item', domainClaimPointer.item(pointerOf(claim))),
];

/** One more domain in the org, if it is under the limit. */
export const counted = (orgId: string, limit: number) =>
  steps.update(
    'domain_limit',
    domainCounter.key({ org_id: orgId }),
    {
      expression: 'SET domains = if_not_exists(domains, :zero) + :one, #type = :type',
      names: { '#type': 'type' },
      values: { ':zero': 0, ':one': 1, ':type': domainCounter.type },
    },
    { condition: { expression: 'attribute_not_exists(domains) OR domains < :limit', values: { ':limit': limit } } },
  );

/** The claim as changed, over the version that was read. */
export const replace = (current: DomainRecord, next: DomainRecord) =>
  steps.put('domain', domainEntity.item(next), { condition: atVersion(current.version) });

/** This org owns the domain now: no other org's owner item may be there. */
export const own = (claim: DomainRecord) =>
  steps.put(
    'owner',
    domainOwnerEntity.item({
      domain: claim.domain,
      org_id: claim.org_id,
      domain_id: claim.id,
      status: 'verified',
      verified_at: claim.verified_at ?? claim.updated_at,
    }),
    {
      condition: {
        expression: 'attribute_not_exists(#key) OR (org_id = :orgId AND domain_id = :domainId)',
        names: { '#key': TABLE_DEFINITION.partitionKey },
        values: { ':orgId': claim.org_id, ':domainId': claim.id },
      },
    },
  );

/** The owner item follows its claim into `lapsed`: auto-join honours only `verified`. */
export const lapse = (claim: DomainRecord) =>
  steps.update(
    'owner',
    domainOwnerEntity.key({ domain: claim.domain }),
    { expression: 'SET #status = :lapsed', names: { '#status': 'status' }, values: { ':lapsed': 'lapsed' } },
    { condition: { expression: 'domain_id = :domainId', values: { ':domainId': claim.id } } },
  );

/** The claim, its guard, pointer and place under the limit; and the ownership, if the claim held it. */
export const remove = (claim: DomainRecord) => [
  steps.delete('domain', domainEntity.key(claim), { condition: atVersion(claim.version) }),
  steps.delete('domain', domainNameGuard.key({ org_id: claim.org_id, domain: claim.domain })),
  steps.delete('domain', domainClaimPointer.key(pointerOf(claim))),
  steps.update('domain', domainCounter.key({ org_id: claim.org_id }), { expression: 'ADD domains :minusOne', values: { ':minusOne': -1 } }),
  ...(claim.status === 'verified' || claim.status === 'lapsed'
    ? [
        steps.delete('owner', domainOwnerEntity.key({ domain: claim.domain }), {
          condition: { expression: 'domain_id = :domainId', values: { ':domainId': claim.id } },
        }),
      ]
    : []),
];
