import * as z from 'zod/mini';
import { roleKey } from '../../shared/http/role-key-schema.js';
import { displayName, id, pageQueryFields, timestamp } from '../../shared/http/schemas.js';

export const workspaceStatus = z.enum(['active', 'inactive']);

const iconUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
  .check(z.maxLength(2048, 'must be at most 2048 characters'));

export const createWorkspaceBody = z.lazy(() =>
  z.strictObject({
    name: displayName,
    icon_url: z.optional(z.nullable(iconUrl)),
    status: z._default(workspaceStatus, 'active'),
  }),
);

export const updateWorkspaceBody = z.lazy(() =>
  z
    .strictObject({
      name: z.optional(displayName),
      icon_url: z.optional(z.nullable(iconUrl)),
      status: z.optional(workspaceStatus),
      discoverable: z.optional(z.boolean().check(z.describe("false hides the workspace from the org's members who are not in it"))),
    })
    .check(z.refine((body) => Object.keys(body).length > 0, 'name at least one of name, icon_url, status, discoverable')),
);

export const listWorkspacesQuery = z.lazy(() =>
  z.strictObject({
    ...pageQueryFields(),
    access: z.optional(
      z.enum(['all']).check(z.describe('`all`: every active workspace of the org the caller may see, each with `access` (member or none)')),
    ),
  }),
);

const workspaceFields = () => ({
  id,
  org_id: id,
  name: z.string(),
  icon_url: z.nullable(z.string()),
  status: workspaceStatus,
  discoverable: z.boolean(),
  /** The caller's effective role in the workspace (org admins are admins of every one), or null. */
  role: z
    .nullable(roleKey)
    .check(
      z.describe("The caller's effective role in the workspace: org admins are admins of every workspace; null where the caller has none"),
    ),
  created_by: id,
  created_at: timestamp,
  updated_at: timestamp,
});

export const workspace = z.lazy(() => z.object(workspaceFields()));

export const listedWorkspace = z.lazy(() =>
  z.object({
    ...workspaceFields(),
    access: z
      .enum(['member', 'none'])
      .check(z.describe('`member` where the caller has a role in the workspace; `none` where not (only with ?access=all)')),
  }),
);

export type CreateWorkspaceInput = z.infer<typeof createWorkspaceBody>;
export type UpdateWorkspaceInput = z.infer<typeof updateWorkspaceBody>;
export type Workspace = z.infer<typeof workspace>;
export type ListedWorkspace = z.infer<typeof listedWorkspace>;
export type ListWorkspacesQuery = z.infer<typeof listWorkspacesQuery>;
