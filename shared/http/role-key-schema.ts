import * as z from 'zod/mini';
import { ROLE_KEYS } from '../vocabulary/policy.js';

// Apart from the common schemas: building it needs the policy, which routes without roles
// (health, the docs) should not carry.
export const roleKey = z.enum(ROLE_KEYS);
