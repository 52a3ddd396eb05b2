// A workspace, and the guard that holds its name: names are unique within an org, compared
// case-insensitively and blind to Unicode forms that render the same.
import { defineEntity } from '../../shared/table/entity.js';
import { type Stored, shape } from '../../shared/table/stored-shape.js';
import { orgPartition, PREFIXES } from '../../shared/table/table-definition.js';
import { comparableName } from '../../shared/vocabulary/display-name.js';

const workspaceRecord = shape.object({
  id: shape.string,
  org_id: shape.string,
  name: shape.string,
  icon_url: shape.nullable(shape.string),
  status: shape.oneOf(['active', 'inactive']),
  /** Whether the org's members who are not in it see it listed (and may ask for access); read as true where absent. */
  discoverable: shape.optional(shape.boolean),
  created_by: shape.string,
  created_at: shape.string,
  updated_at: shape.string,
  /** Incremented by every write; updates are conditioned on the version they read. */
  version: shape.number,
});

export type WorkspaceRecord = Stored<typeof workspaceRecord>;

export const workspaceEntity = defineEntity({
  type: 'workspace',
  shape: workspaceRecord,
  key: (workspace: Pick<WorkspaceRecord, 'org_id' | 'id'>) => ({
    pk: orgPartition(workspace.org_id),
    sk: PREFIXES.workspace + workspace.id,
  }),
});

/**
 * Case-insensitive, and blind to Unicode forms that render the same. The form the display-name
 * rules check, so that no accepted name hides a character the guard would tell apart.
 */
export const normalizeWorkspaceName = comparableName;

/** Holds a workspace name (normalized) for one workspace, so a second one cannot take it. */
export const workspaceNameGuard = defineEntity({
  type: 'workspace_name',
  shape: shape.object({ workspace_id: shape.string }),
  key: (guard: { org_id: string; name: string }) => ({
    pk: orgPartition(guard.org_id),
    sk: PREFIXES.workspaceName + normalizeWorkspaceName(guard.name),
  }),
});

export const workspaceRanges = {
  workspacesOfOrg: (orgId: string) => ({ partition: orgPartition(orgId), prefix: PREFIXES.workspace }),
};
