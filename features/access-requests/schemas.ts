import * as z from 'zod/mini';
import { roleKey } from '../../shared/http/role-key-schema.js';
import { id, pageQueryFields, timestamp } from '../../shared/http/schemas.js';
import { ACCESS_REQUEST_STATUSES, REQUESTABLE_ROLES } from './access-request-terms.js';

export const MAX_MESSAGE_LENGTH = 500;

const note = (what: string) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'must not be empty (leave it out instead)'),
      z.maxLength(MAX_MESSAGE_LENGTH, `must be at most ${MAX_MESSAGE_LENGTH} characters`),
      z.describe(what),
    );

export const accessRequestParams = z.lazy(() => z.strictObject({ orgId: id, workspaceId: id, requestId: id }));

export const createAccessRequestBody = z.lazy(() =>
  z.strictObject({
    role: z._default(z.enum(REQUESTABLE_ROLES).check(z.describe('The role asked for; viewer if left out.')), 'viewer'),
    message: z.optional(note("A few words for the workspace's admins, shown in their email as typed (links made inert).")),
  }),
);

export const approveAccessRequestBody = z.lazy(() =>
  z.strictObject({
    role: z.optional(roleKey.check(z.describe('The role to grant; the one asked for if left out.'))),
  }),
);

export const denyAccessRequestBody = z.lazy(() =>
  z.strictObject({
    reason: z.optional(note('Why, for the requester (emailed to them).')),
  }),
);

export const accessRequestStatus = z.enum(ACCESS_REQUEST_STATUSES);

export const listAccessRequestsQuery = z.lazy(() =>
  z.strictObject({
    ...pageQueryFields(),
    status: z.optional(
      accessRequestStatus.check(z.describe('Only requests in this status (a pending request past its 30 days is expired).')),
    ),
  }),
);

export const accessRequest = z.lazy(() =>
  z.object({
    id,
    org_id: id,
    workspace_id: id,
    workspace_name: z.string(),
    requester: z.object({ id, email: z.string(), name: z.nullable(z.string()) }),
    role: z.enum(REQUESTABLE_ROLES),
    message: z.nullable(z.string()),
    status: accessRequestStatus,
    created_at: timestamp,
    expires_at: timestamp,
    decided_by: z.nullable(id),
    decided_at: z.nullable(timestamp),
    granted_role: z.nullable(roleKey),
    reason: z.nullable(z.string()),
  }),
);

export type AccessRequest = z.infer<typeof accessRequest>;
export type CreateAccessRequestInput = z.infer<typeof createAccessRequestBody>;
export type ListAccessRequestsQuery = z.infer<typeof listAccessRequestsQuery>;
