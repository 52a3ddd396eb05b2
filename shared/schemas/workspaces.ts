import * as z from 'zod';
import { displayName, id, timestamp } from './common.js';

export const workspaceStatus = z.enum(['active', 'inactive']);

const iconUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
  .max(2048, 'must be at most 2048 characters');

export const createWorkspaceBody = z.strictObject({
  name: displayName,
  icon_url: iconUrl.nullable().optional(),
  status: workspaceStatus.default('active'),
});

export const updateWorkspaceBody = z
  .strictObject({
    name: displayName.optional(),
    icon_url: iconUrl.nullable().optional(),
    status: workspaceStatus.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'name at least one of name, icon_url, status');

export const workspace = z.object({
  id,
  org_id: id,
  name: z.string(),
  icon_url: z.string().nullable(),
  status: workspaceStatus,
  created_by: id,
  created_at: timestamp,
  updated_at: timestamp,
});

export type CreateWorkspaceInput = z.infer<typeof createWorkspaceBody>;
export type UpdateWorkspaceInput = z.infer<typeof updateWorkspaceBody>;
export type Workspace = z.infer<typeof workspace>;
