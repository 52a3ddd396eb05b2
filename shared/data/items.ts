// How each record is stored: its keys, a type tag, and its attributes. Stores build items only here.
import { keys } from './keys.js';
import type { MemberRecord, OrgRecord, UserRecord, WorkspaceRecord } from './records.js';

export const userItem = (user: UserRecord) => ({ ...keys.user(user.id), ...keys.userInUserIndex(user.id), type: 'user', ...user });

export const orgItem = (org: OrgRecord) => ({ ...keys.org(org.id), type: 'org', ...org });

export const memberItem = (member: MemberRecord) => ({
  ...keys.member(member.org_id, member.user_id),
  ...keys.memberInUserIndex(member.user_id, member.org_id),
  type: 'member',
  ...member,
});

export const workspaceItem = (workspace: WorkspaceRecord) => ({ ...keys.workspace(workspace.org_id, workspace.id), type: 'workspace', ...workspace });

/** Holds a workspace name (normalized) for one workspace, so a second one cannot take it. */
export const workspaceNameGuard = (workspace: Pick<WorkspaceRecord, 'org_id' | 'id' | 'name'>) => ({
  ...keys.workspaceName(workspace.org_id, workspace.name),
  type: 'workspace_name',
  workspace_id: workspace.id,
});
