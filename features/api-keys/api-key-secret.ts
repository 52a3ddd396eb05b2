// The secret of a workspace API key, as GitHub's tokens are built: `osk_<environment>_`, 32
// base62 characters of randomness (190 bits), and a CRC32 of everything before it in 6 base62
// characters. The checksum lets the authorizer refuse a mistyped or invented key before any
// database read, and the fixed prefix lets secret scanners recognise ours. Only its SHA-256 is
// stored: the secret has too much entropy for a faster hash to be guessed back.
import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PRODUCT_PREFIX = 'osk_';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
/** Characters of the random part shown after the prefix in a key's display form. */
const SHOWN_LENGTH = 4;

const SHAPE = new RegExp(`^${API_KEY_PRODUCT_PREFIX}([a-z]{2,8})_([0-9A-Za-z]{${RANDOM_LENGTH}})([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (IEEE), as zlib computes it; Node 20's zlib has no crc32 of its own. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function base62(value: number, length: number): string {
  let out = '';
  for (let rest = value; out.length < length; rest = Math.floor(rest / 62)) out = ALPHABET[rest % 62] + out;
  return out;
}

/** Uniform over the alphabet: bytes of 248 and above (the remainder of 256 / 62) are drawn again. */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

const checksumOf = (body: string) => base62(crc32(body), CHECKSUM_LENGTH);

export interface NewApiKeySecret {
  /** Shown once, to the caller that made it. */
  secret: string;
  hash: string;
  /** `osk_live_AbCd`: the part of the key that may be shown again, with `last4`. */
  prefix: string;
  last4: string;
}

export function newApiKeySecret(environment: string): NewApiKeySecret {
  const body = `${API_KEY_PRODUCT_PREFIX}${environment}_${randomBase62(RANDOM_LENGTH)}`;
  const secret = body + checksumOf(body);
  return {
    secret,
    hash: hashApiKeySecret(secret),
    prefix: body.slice(0, API_KEY_PRODUCT_PREFIX.length + environment.length + 1 + SHOWN_LENGTH),
    last4: secret.slice(-4),
  };
}

export const hashApiKeySecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Whether a bearer value is meant as one of our keys (rather than a JWT), however malformed. */
export const looksLikeApiKey = (bearer: string): boolean => bearer.startsWith(API_KEY_PRODUCT_PREFIX);

export type SecretCheck = { ok: true } | { ok: false; reason: 'malformed' | 'checksum' | 'environment'; environment?: string };

/** The checks that need no database: the shape, the checksum, and the deployment's environment marker. */
export function checkApiKeySecret(secret: string, environment: string): SecretCheck {
  const match = SHAPE.exec(secret);
  if (!match) return { ok: false, reason: 'malformed' };
  if (checksumOf(secret.slice(0, -CHECKSUM_LENGTH)) !== match[3]) return { ok: false, reason: 'checksum' };
  if (match[1] !== environment) return { ok: false, reason: 'environment', environment: match[1]! };
  return { ok: true };
}
