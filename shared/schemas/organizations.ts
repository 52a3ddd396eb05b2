import * as z from 'zod/mini';
import { PERMISSIONS, ROLE_KEYS } from '../domain/roles.js';
import { displayName, id, timestamp } from './common.js';

export const roleKey = z.enum(ROLE_KEYS);

export const createOrgBody = z.strictObject({ name: displayName });
export const updateOrgBody = z.strictObject({ name: displayName });

export const organization = z.lazy(() =>
  z.object({
    id,
    name: z.string(),
    personal: z.boolean().check(z.describe('True for the organization created for a user at first sign-in.')),
    role: roleKey.check(z.describe("The caller's role in this organization.")),
    created_at: timestamp,
    updated_at: timestamp,
  }),
);

export const role = z.lazy(() =>
  z.object({
    key: roleKey,
    name: z.string(),
    description: z.string(),
    permissions: z.array(z.enum(PERMISSIONS)),
  }),
);

export const me = z.lazy(() =>
  z.object({
    id,
    email: z.string(),
    name: z.nullable(z.string()),
    created_at: timestamp,
    orgs: z.array(z.object({ id, name: z.string(), role: roleKey })),
  }),
);

export type Organization = z.infer<typeof organization>;
export type Role = z.infer<typeof role>;
export type Me = z.infer<typeof me>;
