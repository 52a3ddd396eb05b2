import * as z from 'zod/mini';
import { displayName, id, timestamp } from '../../shared/http/schemas.js';

export const workspaceStatus = z.enum(['active', 'inactive']);

const iconUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
  .check(z.maxLength(2048, 'must be at most 2048 characters'));

export const createWorkspaceBody = z.strictObject({
  name: displayName,
  icon_url: z.optional(z.nullable(iconUrl)),
  status: z._default(workspaceStatus, 'active'),
});

export const updateWorkspaceBody = z
  .strictObject({
    name: z.optional(displayName),
    icon_url: z.optional(z.nullable(iconUrl)),
    status: z.optional(workspaceStatus),
  })
  .check(z.refine((body) => Object.keys(body).length > 0, 'name at least one of name, icon_url, status'));

export const workspace = z.lazy(() =>
  z.object({
    id,
    org_id: id,
    name: z.string(),
    icon_url: z.nullable(z.string()),
    status: workspaceStatus,
    created_by: id,
    created_at: timestamp,
    updated_at: timestamp,
  }),
);

export type CreateWorkspaceInput = z.infer<typeof createWorkspaceBody>;
export type UpdateWorkspaceInput = z.infer<typeof updateWorkspaceBody>;
export type Workspace = z.infer<typeof workspace>;
