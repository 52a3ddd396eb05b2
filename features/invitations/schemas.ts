import * as z from 'zod/mini';
import { roleKey } from '../../shared/http/role-key-schema.js';
import { id, pageQueryFields, timestamp } from '../../shared/http/schemas.js';
import { deliverableAddress, emailParts, isAscii } from '../../shared/vocabulary/email-address.js';
import { workspaceGrant } from '../members/schemas.js';
import { INVITATION_STATUSES } from './invitation-status.js';

export const MAX_INVITATION_WORKSPACES = 25;

export const invitationParams = z.lazy(() => z.strictObject({ orgId: id, invitationId: id }));
export const tokenParams = z.lazy(() =>
  z.strictObject({
    token: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'must be the 43-character token from the invitation link')),
  }),
);

/** The page takes its token, and the sign-in callback's code and state, from the query; anything else an identity provider adds is ignored. */
export const invitePageQuery = z.lazy(() =>
  z.object({
    token: z.optional(z.string().check(z.maxLength(100))),
    code: z.optional(z.string().check(z.maxLength(2048))),
    state: z.optional(z.string().check(z.maxLength(512))),
  }),
);

// The address with its domain in ASCII form: zod's own email pattern, with punycode top-level
// domains (`xn--p1ai`) allowed, since an internationalized domain is checked in that form.
const ASCII_ADDRESS = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([a-z0-9][a-z0-9-]*\.)+([a-z]{2,}|xn--[a-z0-9-]+)$/;

/** Why an address cannot be invited, said as what to send instead; undefined when it can. */
function invitedAddressProblem(email: string): string | undefined {
  const parts = emailParts(email);
  if (parts && !isAscii(parts.local))
    return 'must have only ASCII letters, digits and symbols before the @ (other characters there can look like another address)';
  const deliverable = deliverableAddress(email);
  if (!parts || !ASCII_ADDRESS.test(deliverable)) return 'must be an email address';
  if (deliverable.length > 254) return 'must be at most 254 characters with its domain in ASCII (punycode) form';
  return undefined;
}

const invitedAddress = z.lazy(() =>
  z.pipe(
    z.string().check(z.trim(), z.maxLength(254, 'must be at most 254 characters')),
    z.string().check(
      z.superRefine((email, context) => {
        const problem = invitedAddressProblem(email);
        if (problem) context.addIssue({ code: 'custom', message: problem, input: email });
      }),
    ),
  ),
);

export const createInvitationBody = z.lazy(() =>
  z.strictObject({
    email: invitedAddress,
    role: roleKey,
    workspaces: z._default(
      z.array(z.strictObject({ workspace_id: id, role: roleKey })).check(
        z.maxLength(MAX_INVITATION_WORKSPACES, `must list at most ${MAX_INVITATION_WORKSPACES} workspaces`),
        z.refine((grants) => new Set(grants.map((grant) => grant.workspace_id)).size === grants.length, 'must not list a workspace twice'),
      ),
      [],
    ),
    expires_in_days: z._default(
      z
        .number('must be a whole number of days from 1 to 30')
        .check(
          z.int('must be a whole number of days from 1 to 30'),
          z.minimum(1, 'must be a whole number of days from 1 to 30'),
          z.maximum(30, 'must be a whole number of days from 1 to 30'),
        ),
      7,
    ),
  }),
);

export const listInvitationsQuery = z.lazy(() => z.strictObject({ ...pageQueryFields(), status: z.optional(z.enum(INVITATION_STATUSES)) }));

const person = z.lazy(() => z.object({ user_id: id, name: z.nullable(z.string()), email: z.string() }));

export const invitation = z.lazy(() =>
  z.object({
    id,
    org_id: id,
    email: z.string(),
    role: roleKey,
    workspaces: z.array(workspaceGrant),
    status: z.enum(INVITATION_STATUSES).check(z.describe('`expired` once expires_at has passed without an answer.')),
    expires_at: timestamp,
    invited_by: person,
    email_status: z
      .enum(['queued', 'sent', 'failed'])
      .check(z.describe('Delivery of the latest invitation email: queued until SES accepts it.')),
    created_at: timestamp,
    updated_at: timestamp,
  }),
);

/** What the holder of an invitation link may see: no ids of other members, no token. */
export const publicInvitation = z.lazy(() =>
  z.object({
    org: z.object({ id, name: z.string() }),
    invited_by: z.object({ name: z.nullable(z.string()), email: z.string() }),
    email: z.string().check(z.describe('The address invited; sign in with it to accept.')),
    role: roleKey,
    workspaces: z.array(z.object({ workspace_id: id, name: z.string(), role: roleKey })),
    status: z.enum(INVITATION_STATUSES),
    expires_at: timestamp,
  }),
);

export const myInvitation = z.lazy(() =>
  z.object({
    id,
    org: z.object({ id, name: z.string() }),
    invited_by: z.object({ name: z.nullable(z.string()), email: z.string() }),
    role: roleKey,
    workspaces: z.array(workspaceGrant),
    expires_at: timestamp,
    created_at: timestamp,
  }),
);

export type CreateInvitationInput = z.infer<typeof createInvitationBody>;
export type Invitation = z.infer<typeof invitation>;
export type PublicInvitation = z.infer<typeof publicInvitation>;
export type MyInvitation = z.infer<typeof myInvitation>;
export type InvitationStatusFilter = z.infer<typeof listInvitationsQuery>['status'];
