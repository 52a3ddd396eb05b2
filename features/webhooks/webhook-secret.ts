// Signing secrets in the Standard Webhooks form: `whsec_` and the base64 of 32 random bytes (the
// spec asks for 24 to 64). A rotation keeps the replaced secret signing for a day, so a receiver
// can switch over without losing deliveries; meanwhile each delivery carries both signatures.
import { randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';
export const ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

export const newSigningSecret = (): string => SECRET_PREFIX + randomBytes(32).toString('base64');
