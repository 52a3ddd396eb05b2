import * as z from 'zod/mini';
import { roleKey } from '../../shared/http/role-key-schema.js';
import { id, pageQueryFields, timestamp } from '../../shared/http/schemas.js';
import { JOIN_MODES, JOIN_REQUEST_STATUSES, JOIN_ROLES } from './join-terms.js';

export const JOIN_REQUEST_MESSAGE_MAX_LENGTH = 500;
export const DENIAL_REASON_MAX_LENGTH = 500;

const joinMode = z
  .enum(JOIN_MODES)
  .check(
    z.describe(
      "`off`: nobody joins by domain. `suggest`: people at the org's verified domains see it in `GET /me/joinable-orgs` and may ask to join. `auto`: they join at once, on sign-in.",
    ),
  );
const joinRole = z.enum(JOIN_ROLES);

export const domainSettings = z.lazy(() =>
  z.object({
    org_id: id,
    join_mode: joinMode,
    default_role: joinRole.check(z.describe('The org role of people who join by domain.')),
    default_workspace_id: z
      .nullable(id)
      .check(z.describe("The workspace they are granted, with the default role; null: the org's first workspace.")),
    updated_at: z.nullable(timestamp),
  }),
);

export const updateDomainSettingsBody = z.lazy(() =>
  z.strictObject({
    join_mode: z.optional(joinMode),
    default_role: z.optional(joinRole),
    default_workspace_id: z.optional(
      z.nullable(id).check(z.describe("An active workspace of this org; null goes back to the org's first workspace.")),
    ),
  }),
);

const text = (max: number, what: string) =>
  z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max, `must be at most ${max} characters`), z.describe(what));

export const createJoinRequestBody = z.lazy(() =>
  z.strictObject({
    message: z.optional(text(JOIN_REQUEST_MESSAGE_MAX_LENGTH, "A note for the org's admins, shown as plain text.")),
  }),
);
export const approveJoinRequestBody = z.lazy(() =>
  z.strictObject({
    role: z.optional(roleKey.check(z.describe("The requester's org role; the org's default role if left out."))),
  }),
);
export const denyJoinRequestBody = z.lazy(() =>
  z.strictObject({
    reason: z.optional(text(DENIAL_REASON_MAX_LENGTH, 'Told to the requester, as plain text.')),
  }),
);

export const joinRequestParams = z.lazy(() => z.strictObject({ orgId: id, requestId: id }));
export const joinRequestStatus = z.enum(JOIN_REQUEST_STATUSES);
export const listJoinRequestsQuery = z.lazy(() =>
  z.strictObject({
    ...pageQueryFields(),
    status: z.optional(joinRequestStatus.check(z.describe('Only requests in this status; all of them if left out.'))),
  }),
);

export const joinRequest = z.lazy(() =>
  z.object({
    id,
    org_id: id,
    user_id: id,
    email: z.string(),
    name: z.nullable(z.string()),
    message: z.nullable(z.string()),
    status: joinRequestStatus,
    role: z.nullable(roleKey).check(z.describe('The role it was approved with.')),
    reason: z.nullable(z.string()).check(z.describe("The admin's reason for a denial.")),
    created_at: timestamp,
    updated_at: timestamp,
    expires_at: timestamp.check(z.describe('A pending request not answered by then is expired (30 days).')),
  }),
);

export const myJoinRequest = z.lazy(() =>
  z.object({
    id,
    org: z.object({ id, name: z.string() }),
    message: z.nullable(z.string()),
    status: joinRequestStatus,
    role: z.nullable(roleKey),
    reason: z.nullable(z.string()),
    created_at: timestamp,
    updated_at: timestamp,
    expires_at: timestamp,
  }),
);

export const joinableOrg = z.lazy(() => z.object({ id, name: z.string() }));

export type DomainSettings = z.infer<typeof domainSettings>;
export type UpdateDomainSettingsInput = z.infer<typeof updateDomainSettingsBody>;
export type JoinRequest = z.infer<typeof joinRequest>;
export type MyJoinRequest = z.infer<typeof myJoinRequest>;
export type ListJoinRequestsQuery = z.infer<typeof listJoinRequestsQuery>;
