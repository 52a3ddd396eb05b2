// The authorization policy: which role holds which permission. Services ask this module, and the
// DynamoDB write conditions are built from it, so the policy is stated exactly once.

export const ROLE_KEYS = ['admin', 'developer', 'viewer'] as const;
export type RoleKey = (typeof ROLE_KEYS)[number];

export const PERMISSIONS = [
  'org:read',
  'org:update',
  'role:read',
  'workspace:create',
  'workspace:read',
  'workspace:update',
  'workspace:delete',
  'member:read',
  'member:manage',
  'invitation:manage',
  'workspace_member:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface RoleDefinition {
  key: RoleKey;
  name: string;
  description: string;
  permissions: readonly Permission[];
}

export const DEFAULT_ROLES: readonly RoleDefinition[] = [
  {
    key: 'admin',
    name: 'Admin',
    description: 'Manages the organization, its members, invitations and billing; admin of every workspace.',
    permissions: PERMISSIONS,
  },
  {
    key: 'developer',
    name: 'Developer',
    description: 'Creates workspaces and works in the workspaces they are a member of.',
    permissions: ['org:read', 'role:read', 'workspace:create', 'workspace:read', 'member:read'],
  },
  {
    key: 'viewer',
    name: 'Viewer',
    description: 'Reads the organization and the workspaces they are a member of.',
    permissions: ['org:read', 'role:read', 'workspace:read', 'member:read'],
  },
];

const byKey = new Map(DEFAULT_ROLES.map((role) => [role.key, role]));

export function roleGrants(role: RoleKey | undefined, permission: Permission): boolean {
  return role !== undefined && (byKey.get(role)?.permissions.includes(permission) ?? false);
}

/** Org roles that hold a permission in every workspace of the org. */
export function orgRolesWith(permission: Permission): RoleKey[] {
  return DEFAULT_ROLES.filter((role) => role.permissions.includes(permission)).map((role) => role.key);
}

/** Org admins are admins of every workspace without a workspace grant of their own. */
export function effectiveWorkspaceRole(orgRole: RoleKey, workspaceRole: RoleKey | undefined): RoleKey | undefined {
  return orgRole === 'admin' ? 'admin' : workspaceRole;
}
