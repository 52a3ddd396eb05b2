// A membership: the member's org role and their workspace grants, on one item in the org's
// partition (so leaving an org drops every grant atomically), listed in the person index under the
// user. Every write that changes it moves its version on, and a write that follows a read is
// conditioned on the version it read (#12). Beside it, the member's email guard: "already a
// member" is answerable from an address.
import { defineEntity } from '../../shared/table/entity.js';
import { type Stored, shape } from '../../shared/table/stored-shape.js';
import { orgPartition, PREFIXES } from '../../shared/table/table-definition.js';
import { normalizeEmail } from '../../shared/vocabulary/email-address.js';
import { ROLE_KEYS } from '../../shared/vocabulary/policy.js';

const memberRecord = shape.object({
  org_id: shape.string,
  user_id: shape.string,
  role: shape.oneOf(ROLE_KEYS),
  /** Workspace grants, by workspace id. */
  workspaces: shape.record(shape.oneOf(ROLE_KEYS)),
  email: shape.string,
  name: shape.nullable(shape.string),
  joined_at: shape.string,
  /**
   * Incremented by every write that changes the membership (role, grants, leaving). Items written
   * before it existed have none, and read as version 0. Not part of the representation: the ETag
   * digests what a client sees.
   */
  version: shape.optional(shape.number),
  /**
   * What the caller's lists show of the org, copied here so that /me and /orgs read one page of the
   * person index and nothing else (#17). Written with the membership when the org is at hand,
   * otherwise by the stream consumer (functions/copy-org-to-memberships.ts), which also carries each
   * rename here, never over a copy of a later `version`. Memberships from before it have none, and
   * their readers fetch the org instead. Not the membership's own change: it does not move `version`.
   */
  org_copy: shape.optional(
    shape.object({
      name: shape.string,
      personal: shape.boolean,
      created_at: shape.string,
      updated_at: shape.string,
      version: shape.number,
    }),
  ),
});

export type MemberRecord = Stored<typeof memberRecord>;
export type OrgCopy = NonNullable<MemberRecord['org_copy']>;

export const memberEntity = defineEntity({
  type: 'member',
  shape: memberRecord,
  key: (member: Pick<MemberRecord, 'org_id' | 'user_id'>) => ({ pk: orgPartition(member.org_id), sk: PREFIXES.member + member.user_id }),
  indexKeys: (member) => membershipIndexKeys(member),
});

function membershipIndexKeys(member: Pick<MemberRecord, 'org_id' | 'user_id'>) {
  return { gsi1pk: PREFIXES.user + member.user_id, gsi1sk: PREFIXES.org + member.org_id };
}

/** Table and index keys of a membership: where a page of the person index continues after it. */
export const membershipPosition = (member: Pick<MemberRecord, 'org_id' | 'user_id'>) => ({
  ...memberEntity.key(member),
  ...membershipIndexKeys(member),
});

/** Written and deleted with each membership: an invitation to an address that already belongs to a member is refused. */
export const memberEmailGuard = defineEntity({
  type: 'member_email',
  shape: shape.object({ user_id: shape.string }),
  key: (guard: { org_id: string; email: string }) => ({
    pk: orgPartition(guard.org_id),
    sk: PREFIXES.memberEmail + normalizeEmail(guard.email),
  }),
});

export const memberRanges = {
  membersOfOrg: (orgId: string) => ({ partition: orgPartition(orgId), prefix: PREFIXES.member }),
  membershipsOfUser: (userId: string) => ({ partition: PREFIXES.user + userId, prefix: PREFIXES.org }),
};
