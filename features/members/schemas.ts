import * as z from 'zod/mini';
import { roleKey } from '../../shared/http/role-key-schema.js';
import { id, timestamp } from '../../shared/http/schemas.js';

export const memberParams = z.lazy(() => z.strictObject({ orgId: id, userId: id }));
export const workspaceMemberParams = z.lazy(() => z.strictObject({ orgId: id, workspaceId: id, userId: id }));

export const workspaceGrant = z.lazy(() => z.object({ workspace_id: id, role: roleKey }));

export const member = z.lazy(() =>
  z.object({
    user_id: id,
    email: z.string(),
    name: z.nullable(z.string()),
    role: roleKey.check(z.describe('Role in the organization.')),
    joined_at: timestamp,
    workspaces: z
      .array(workspaceGrant)
      .check(z.describe('Workspaces the member was added to, with the role in each. Org admins are admins of every workspace besides.')),
  }),
);

export const workspaceMember = z.lazy(() =>
  z.object({
    user_id: id,
    email: z.string(),
    name: z.nullable(z.string()),
    role: roleKey.check(z.describe('Role in this workspace.')),
    org_role: roleKey,
    inherited: z.boolean().check(z.describe('True for org admins, who are admins of every workspace without being added.')),
  }),
);

export const updateMemberBody = z.lazy(() => z.strictObject({ role: roleKey }));
export const putWorkspaceMemberBody = z.lazy(() => z.strictObject({ role: roleKey }));

export type Member = z.infer<typeof member>;
export type WorkspaceMember = z.infer<typeof workspaceMember>;
