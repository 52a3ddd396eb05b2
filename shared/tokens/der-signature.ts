// KMS and node:crypto (with dsaEncoding 'der') return an ECDSA signature as ASN.1 DER,
// SEQUENCE { r INTEGER, s INTEGER }; a JWS carries it as r and s side by side, each left-padded to
// the curve's size (RFC 7518 §3.4). DER integers are minimal and signed: a value with its top bit
// set gains a leading zero byte, and one that starts with zero bytes loses them, so r or s can be
// 33 bytes, or fewer than 32, in about half and 1 in 128 of signatures respectively.

/** P-256: r and s are 32 bytes each in a JWS. */
export const P256_COORDINATE_BYTES = 32;

export class DerSignatureError extends Error {
  constructor(problem: string) {
    super(`Not a DER-encoded ECDSA signature: ${problem}`);
    this.name = 'DerSignatureError';
  }
}

/** The JOSE form (r‖s, `2 × size` bytes) of a DER-encoded ECDSA signature. */
export function joseSignatureFromDer(der: Uint8Array, size = P256_COORDINATE_BYTES): Uint8Array {
  const reader = derReader(der);
  reader.expectTag(0x30, 'SEQUENCE');
  const sequenceLength = reader.length();
  if (reader.position + sequenceLength !== der.length) throw new DerSignatureError('the SEQUENCE does not span the whole signature');
  const r = reader.unsignedInteger(size, 'r');
  const s = reader.unsignedInteger(size, 's');
  if (reader.position !== der.length) throw new DerSignatureError('bytes follow s');
  const jose = new Uint8Array(2 * size);
  jose.set(r, size - r.length);
  jose.set(s, 2 * size - s.length);
  return jose;
}

function derReader(der: Uint8Array) {
  let position = 0;
  const byte = (what: string): number => {
    if (position >= der.length) throw new DerSignatureError(`it ends before ${what}`);
    return der[position++]!;
  };
  const reader = {
    get position() {
      return position;
    },
    expectTag(tag: number, name: string) {
      if (byte(name) !== tag) throw new DerSignatureError(`expected ${name}`);
    },
    /** Short form (< 128) or long form of one or two bytes: far more than an ECDSA signature needs. */
    length(): number {
      const first = byte('a length');
      if (first < 0x80) return first;
      const count = first & 0x7f;
      if (count === 0 || count > 2) throw new DerSignatureError('unsupported length encoding');
      let value = 0;
      for (let i = 0; i < count; i++) value = (value << 8) | byte('a length');
      if (value < 0x80) throw new DerSignatureError('a length is not minimally encoded');
      return value;
    },
    /** A positive INTEGER's magnitude, without its sign byte: at most `size` bytes. */
    unsignedInteger(size: number, name: string): Uint8Array {
      reader.expectTag(0x02, `INTEGER ${name}`);
      const length = reader.length();
      if (length === 0) throw new DerSignatureError(`${name} is empty`);
      if (position + length > der.length) throw new DerSignatureError(`${name} runs past the end`);
      const value = der.subarray(position, position + length);
      position += length;
      if ((value[0]! & 0x80) !== 0) throw new DerSignatureError(`${name} is negative`);
      if (value.length > 1 && value[0] === 0 && (value[1]! & 0x80) === 0)
        throw new DerSignatureError(`${name} has a leading zero it does not need`);
      const magnitude = value[0] === 0 ? value.subarray(1) : value;
      if (magnitude.length > size) throw new DerSignatureError(`${name} is longer than ${size} bytes`);
      return magnitude;
    },
  };
  return reader;
}
