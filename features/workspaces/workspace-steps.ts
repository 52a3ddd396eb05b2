// Writing a workspace: the item and its name guard always change together.
import { conditions, steps } from '../../shared/table/steps.js';
import { normalizeWorkspaceName, type WorkspaceRecord, workspaceEntity, workspaceNameGuard } from './workspace-entity.js';

const atVersion = (version: number) => ({ expression: 'version = :version', values: { ':version': version } });

export const create = (workspace: WorkspaceRecord) => [
  steps.put('new_item', workspaceEntity.item(workspace), { condition: conditions.isNew }),
  steps.put(
    'workspace_name_taken',
    workspaceNameGuard.item({ org_id: workspace.org_id, name: workspace.name, workspace_id: workspace.id }),
    {
      condition: conditions.isNew,
    },
  ),
];

/** Writes `next` over `current` if nobody changed it since it was read; swaps the name guard on a rename. */
export const replace = (current: WorkspaceRecord, next: WorkspaceRecord) => [
  steps.put('workspace', workspaceEntity.item(next), { condition: atVersion(current.version) }),
  ...(normalizeWorkspaceName(current.name) === normalizeWorkspaceName(next.name)
    ? []
    : [
        steps.delete('workspace', workspaceNameGuard.key(current)),
        steps.put('workspace_name_taken', workspaceNameGuard.item({ org_id: next.org_id, name: next.name, workspace_id: next.id }), {
          condition: conditions.isNew,
        }),
      ]),
];

export const remove = (current: WorkspaceRecord) => [
  steps.delete('workspace', workspaceEntity.key(current), { condition: atVersion(current.version) }),
  steps.delete('workspace', workspaceNameGuard.key(current)),
];

/** The workspace still exists (a grant or an invitation names it). */
export const exists = <L extends string>(label: L, orgId: string, workspaceId: string) =>
  steps.check(label, workspaceEntity.key({ org_id: orgId, id: workspaceId }), conditions.exists);
