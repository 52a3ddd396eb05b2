// What the table stores for each entity, apart from its keys. Attribute names are the API's
// snake_case, so a record maps to a response by picking fields, never by renaming them.
import type { RoleKey } from '../domain/roles.js';

export interface UserRecord {
  id: string;
  email: string;
  name: string | null;
  personal_org_id: string;
  created_at: string;
}

export interface OrgRecord {
  id: string;
  name: string;
  personal: boolean;
  created_by: string;
  created_at: string;
  updated_at: string;
  workspace_count: number;
}

export interface MemberRecord {
  org_id: string;
  user_id: string;
  role: RoleKey;
  /** Workspace grants, by workspace id; kept on the membership so that leaving an org drops them atomically. */
  workspaces: Record<string, RoleKey>;
  email: string;
  name: string | null;
  joined_at: string;
}

export interface WorkspaceRecord {
  id: string;
  org_id: string;
  name: string;
  icon_url: string | null;
  status: 'active' | 'inactive';
  created_by: string;
  created_at: string;
  updated_at: string;
  /** Incremented by every write; updates are conditioned on the version they read. */
  version: number;
}
