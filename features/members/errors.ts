// The error codes of memberships, as their route rows list them (and the OpenAPI document shows them).
import type { ErrorCodeSpec } from '../../shared/vocabulary/errors.js';

export const memberErrors = {
  lastAdmin: {
    status: 409,
    code: 'last_admin',
    message: "This is the organization's last admin. Make another member an admin first; then this one can step down or leave.",
  },
  notAnOrgMember: {
    status: 409,
    code: 'not_an_org_member',
    message: 'Only members of the organization can be added to its workspaces. Invite this person to the organization first.',
  },
  orgAdmin: {
    status: 409,
    code: 'org_admin',
    message: 'Org admins are admins of every workspace already. Change their org role first to give them a narrower workspace role.',
  },
} as const satisfies Record<string, ErrorCodeSpec>;
