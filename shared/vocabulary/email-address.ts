/** Email addresses compare case-insensitively everywhere; this is the form every key holds. */
export function normalizeEmail(email: string): string {
  return email.trim().normalize('NFKC').toLowerCase();
}
