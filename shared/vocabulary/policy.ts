// The authorization policy: which actions exist on which resource, and which role may take them.
// Services ask this module and the DynamoDB write conditions are built from it, so the policy is
// stated exactly once. A new resource is one line in RESOURCES (and its actions in the roles).

export const ROLE_KEYS = ['admin', 'developer', 'viewer'] as const;
export type RoleKey = (typeof ROLE_KEYS)[number];

export const RESOURCES = {
  org: ['read', 'update'],
  role: ['read'],
  workspace: ['create', 'read', 'update', 'delete'],
  member: ['read', 'manage'],
  invitation: ['manage'],
  workspace_member: ['manage'],
  audit_log: ['read'],
  webhook: ['manage'],
  api_key: ['manage'],
  access_request: ['manage'],
  domain: ['manage'],
  credential: ['read', 'write', 'reveal', 'move'],
} as const satisfies Record<string, readonly string[]>;

export type Resource = keyof typeof RESOURCES;
export type Permission = { [R in Resource]: `${R}:${(typeof RESOURCES)[R][number]}` }[Resource];

/** Every permission as `resource:action`, in the order RESOURCES declares them. */
export const PERMISSIONS = Object.entries(RESOURCES).flatMap(([resource, actions]) =>
  actions.map((action) => `${resource}:${action}` as Permission),
) as readonly Permission[];

type Grants = 'all' | { readonly [R in Resource]?: readonly (typeof RESOURCES)[R][number][] };

interface RoleSpec {
  name: string;
  description: string;
  grants: Grants;
}

const ROLES: Record<RoleKey, RoleSpec> = {
  admin: {
    name: 'Admin',
    description: 'Manages the organization, its members, invitations and billing; admin of every workspace.',
    grants: 'all',
  },
  developer: {
    name: 'Developer',
    description: 'Creates workspaces and works in the workspaces they are a member of.',
    grants: { org: ['read'], role: ['read'], workspace: ['create', 'read'], member: ['read'], credential: ['read', 'write', 'reveal'] },
  },
  viewer: {
    name: 'Viewer',
    description: 'Reads the organization and the workspaces they are a member of.',
    grants: { org: ['read'], role: ['read'], workspace: ['read'], member: ['read'], credential: ['read'] },
  },
};

export interface RoleDefinition {
  key: RoleKey;
  name: string;
  description: string;
  permissions: readonly Permission[];
}

const permissionsOf = (grants: Grants): readonly Permission[] =>
  grants === 'all'
    ? PERMISSIONS
    : PERMISSIONS.filter((permission) => {
        const [resource, action] = permission.split(':') as [Resource, string];
        return (grants[resource] as readonly string[] | undefined)?.includes(action) ?? false;
      });

export const DEFAULT_ROLES: readonly RoleDefinition[] = ROLE_KEYS.map((key) => ({
  key,
  name: ROLES[key].name,
  description: ROLES[key].description,
  permissions: permissionsOf(ROLES[key].grants),
}));

const byKey = new Map(DEFAULT_ROLES.map((role) => [role.key, new Set(role.permissions)]));

export function roleGrants(role: RoleKey | undefined, permission: Permission): boolean {
  return role !== undefined && (byKey.get(role)?.has(permission) ?? false);
}

/** Org roles that hold a permission in every workspace of the org. */
export function orgRolesWith(permission: Permission): RoleKey[] {
  return ROLE_KEYS.filter((role) => roleGrants(role, permission));
}

/** Org admins are admins of every workspace without a workspace grant of their own. */
export function effectiveWorkspaceRole(orgRole: RoleKey, workspaceRole: RoleKey | undefined): RoleKey | undefined {
  return orgRole === 'admin' ? 'admin' : workspaceRole;
}

/**
 * What a workspace API key may be used for, whatever its role: its own workspace's routes, never
 * the org's administration. The credentials and credits issues add their actions here.
 */
export const API_KEY_PERMISSIONS: readonly Permission[] = ['workspace:read', 'credential:read', 'credential:reveal'];

/** The permissions a key of `role` holds in its workspace. */
export const apiKeyPermissions = (role: RoleKey): Permission[] => API_KEY_PERMISSIONS.filter((permission) => roleGrants(role, permission));
