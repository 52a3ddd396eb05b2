import { createHash, randomBytes } from 'node:crypto';

// Ids minted in one millisecond by this process count up in the 12 bits after the version (RFC
// 9562's fixed-length counter), so the events of one change keep the order they were built in.
let lastMillis = -1;
let counter = 0;

/**
 * A UUIDv7: time-ordered, so items keyed by id sort by creation and every list pages in the
 * order things were created, with no extra index.
 */
export function newId(at: number = Date.now()): string {
  const bytes = randomBytes(16);
  const millis = BigInt(at);
  for (let i = 0; i < 6; i++) bytes[i] = Number((millis >> BigInt(8 * (5 - i))) & 0xffn);
  // A fresh millisecond starts the counter low enough (below 2048) to leave room to count up.
  counter = at === lastMillis && counter < 0xfff ? counter + 1 : ((bytes[6]! << 8) | bytes[7]!) & 0x7ff;
  lastMillis = at;
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return formatUuid(bytes);
}

/**
 * When a UUIDv7 was minted (its first 48 bits), or undefined for another kind of id. An org's id
 * is minted with the org and never changes, so its age needs no read of the org.
 */
export function idCreatedAt(id: string): number | undefined {
  const hex = id.replace(/-/g, '');
  if (!/^[0-9a-f]{12}7[0-9a-f]{19}$/i.test(hex)) return undefined;
  return Number.parseInt(hex.slice(0, 12), 16);
}

// A user's id is a name-based (v5-style) UUID of issuer and subject, so that every request can
// address the user's items without first looking up a subject-to-id mapping.
export function userIdFor(issuer: string, subject: string): string {
  const hash = createHash('sha1').update(`${issuer}\n${subject}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  return formatUuid(hash.subarray(0, 16));
}

function formatUuid(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export const nowIso = (): string => new Date().toISOString();

/**
 * The lowest or highest UUIDv7 that could be minted in this millisecond: a time range as an id
 * range, for items keyed by their id.
 */
export function idBoundAt(at: number, side: 'first' | 'last'): string {
  const hex = Math.max(0, Math.floor(at)).toString(16).padStart(12, '0').slice(-12);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${side === 'first' ? '0' : 'z'}`;
}
