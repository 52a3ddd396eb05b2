// The error codes of workspaces, as their route rows list them (and the OpenAPI document shows them).
import type { ErrorCodeSpec } from '../../shared/vocabulary/errors.js';

export const workspaceErrors = {
  nameTaken: {
    status: 409,
    code: 'workspace_name_taken',
    message: 'A workspace named "prod" already exists in this organization (names are compared case-insensitively).',
  },
  limitReached: {
    status: 409,
    code: 'workspace_limit_reached',
    message: 'This organization already has the maximum of 10 workspaces. Delete one or ask for a higher limit.',
  },
  lastWorkspace: {
    status: 409,
    code: 'last_workspace',
    message: 'An organization keeps at least one workspace. Create another before deleting this one.',
  },
} as const satisfies Record<string, ErrorCodeSpec>;
