// An invitation token is 256 random bits, base64url; only its SHA-256 is stored. It travels in
// the invitation email and nowhere else: no API returns it and nothing logs it.
import { createHash, randomBytes } from 'node:crypto';

export function newInvitationToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashInvitationToken(token) };
}

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
