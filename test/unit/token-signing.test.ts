// Orgspace's token signing without a JOSE library on the signing side: KMS (or the local key) signs
// in DER, we convert to the JWS form and build the compact token ourselves. jose's own verifier is
// the judge of every token here, including signatures whose r or s DER had to pad or trim.
import { generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetPublicKeyCommand, type SignCommand } from '@aws-sdk/client-kms';
import { calculateJwkThumbprint, compactVerify, createLocalJWKSet, exportJWK, importSPKI, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { signJwt } from '../../shared/tokens/compact-jws.js';
import { DerSignatureError, joseSignatureFromDer } from '../../shared/tokens/der-signature.js';
import { keyFileTokenSigner } from '../../shared/tokens/key-file-token-signer.js';
import { kmsTokenSigner } from '../../shared/tokens/kms-token-signer.js';
import { signingJwkFromSpki, signingJwkOf, type TokenSigner } from '../../shared/tokens/token-signer.js';

const p256 = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });

/** DER INTEGER of a magnitude: a sign byte when the top bit is set, as DER requires. */
const derInteger = (magnitude: number[]) => {
  const content = (magnitude[0]! & 0x80) !== 0 ? [0, ...magnitude] : magnitude;
  return [0x02, content.length, ...content];
};
const derSignature = (r: number[], s: number[]) => {
  const body = [...derInteger(r), ...derInteger(s)];
  return Uint8Array.from([0x30, body.length, ...body]);
};

describe('DER to JOSE (r‖s)', () => {
  it('left-pads short values and drops the sign byte of long ones', () => {
    const high = Array.from({ length: 32 }, (_, i) => (i === 0 ? 0xff : i));
    const jose = joseSignatureFromDer(derSignature([0x01], high));

    expect(jose).toHaveLength(64);
    expect([...jose.subarray(0, 32)]).toEqual([...Array(31).fill(0), 1]);
    expect([...jose.subarray(32)]).toEqual(high);
  });

  it('refuses what is not one DER ECDSA signature', () => {
    const good = derSignature([1, 2, 3], [4, 5, 6]);
    const bad = {
      empty: new Uint8Array(),
      truncated: good.subarray(0, good.length - 1),
      'trailing bytes': Uint8Array.from([...good, 0]),
      'not a SEQUENCE': Uint8Array.from([0x31, ...good.subarray(1)]),
      'r longer than 32 bytes': derSignature(Array(33).fill(1), [1]),
      'negative r': Uint8Array.from([0x30, 6, 0x02, 1, 0x80, 0x02, 1, 1]),
      'needless leading zero': Uint8Array.from([0x30, 7, 0x02, 2, 0x00, 0x01, 0x02, 1, 1]),
    };
    for (const [what, der] of Object.entries(bad)) expect(() => joseSignatureFromDer(der), what).toThrow(DerSignatureError);
  });

  it("gives, for thousands of node's DER signatures, the r‖s that node verifies as IEEE P1363, short and long r and s included", () => {
    const { privateKey, publicKey } = p256();
    const seen = { rPadded: 0, sPadded: 0, rShort: 0, sShort: 0 };
    for (let i = 0; i < 4000; i++) {
      const message = Buffer.from(`message ${i}`);
      const der = sign('sha256', message, { key: privateKey, dsaEncoding: 'der' });
      const rLength = der[3]!;
      const sLength = der[4 + rLength + 1]!;
      if (rLength === 33) seen.rPadded++;
      if (rLength < 32) seen.rShort++;
      if (sLength === 33) seen.sPadded++;
      if (sLength < 32) seen.sShort++;
      const jose = joseSignatureFromDer(der);
      if (!verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, jose))
        throw new Error(`signature ${i} does not verify`);
    }
    // 1 in 2 values needs a sign byte; 1 in 128 starts with a zero byte: 4000 signatures meet each.
    expect(seen.rPadded).toBeGreaterThan(0);
    expect(seen.sPadded).toBeGreaterThan(0);
    expect(seen.rShort).toBeGreaterThan(0);
    expect(seen.sShort).toBeGreaterThan(0);
  });
});

/** A signer over a node key that remembers the DER it returned, to find the tokens whose r or s was short. */
function recordingSigner(privateKey: KeyObject, publicKey: KeyObject) {
  const ders: Buffer[] = [];
  const signer: TokenSigner = {
    publicKey: async () => signingJwkOf(publicKey),
    sign: async (message) => {
      const der = sign('sha256', message, { key: privateKey, dsaEncoding: 'der' });
      ders.push(der);
      return der;
    },
  };
  return { signer, ders };
}

describe('ES256 tokens built by hand', () => {
  it("verify with jose's jwtVerify, including those whose r or s was shorter than 32 bytes", async () => {
    const { privateKey, publicKey } = p256();
    const { signer, ders } = recordingSigner(privateKey, publicKey);
    const keySet = createLocalJWKSet({ keys: [await signer.publicKey()] });
    let shortOnes = 0;
    for (let i = 0; i < 1500 && shortOnes < 3; i++) {
      const token = await signJwt(signer, { sub: `user-${i}`, iss: 'https://api.example.com', aud: 'orgspace:workspace' });
      const der = ders.at(-1)!;
      const rLength = der[3]!;
      const short = rLength < 32 || der[4 + rLength + 1]! < 32;
      if (i < 50 || short) {
        const { payload, protectedHeader } = await jwtVerify(token, keySet, {
          issuer: 'https://api.example.com',
          audience: 'orgspace:workspace',
          algorithms: ['ES256'],
        });
        expect(payload.sub).toBe(`user-${i}`);
        expect(protectedHeader).toEqual({ alg: 'ES256', typ: 'JWT', kid: (await signer.publicKey()).kid });
        if (short) shortOnes++;
      }
    }
    expect(shortOnes).toBeGreaterThan(0);
  });

  it('reads a SubjectPublicKeyInfo (what KMS answers) into a JWK named by its RFC 7638 thumbprint, as jose computes them', async () => {
    const { publicKey } = p256();
    const jwk = signingJwkFromSpki(publicKey.export({ format: 'der', type: 'spki' }));
    const fromJose = await exportJWK(await importSPKI(publicKey.export({ format: 'pem', type: 'spki' }).toString(), 'ES256'));

    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', x: fromJose.x, y: fromJose.y, alg: 'ES256', use: 'sig' });
    expect(jwk.kid).toBe(await calculateJwkThumbprint(fromJose, 'sha256'));
  });

  it('refuses a key that is not on P-256', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    expect(() => signingJwkOf(publicKey)).toThrow(/P-256/);
  });
});

describe('the local key-file signer', () => {
  it('signs in DER, as KMS does, tokens that jose verifies against its JWK', async () => {
    const { privateKey } = p256();
    const file = join(mkdtempSync(join(tmpdir(), 'orgspace-signer-')), 'key.pem');
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    const signer = keyFileTokenSigner(file);

    const token = await signJwt(signer, { sub: 'someone' });

    const { payload } = await compactVerify(token, createLocalJWKSet({ keys: [await signer.publicKey()] }));
    expect(JSON.parse(Buffer.from(payload).toString())).toEqual({ sub: 'someone' });
  });
});

/**
 * Answers GetPublicKey and Sign as KMS documents them (SubjectPublicKeyInfo DER; a DER signature
 * over the SHA-256 of a RAW message), from a key in this process: there is no KMS here, and what
 * is under test is how the signer reads KMS's answers.
 */
function kmsStandIn(options: { keySpec?: string } = {}) {
  const { privateKey, publicKey } = p256();
  const calls: Array<{ command: string; input: Record<string, unknown> }> = [];
  const send = async (command: GetPublicKeyCommand | SignCommand) => {
    calls.push({ command: command.constructor.name, input: { ...command.input } });
    if (command instanceof GetPublicKeyCommand)
      return {
        KeyId: command.input.KeyId,
        KeySpec: options.keySpec ?? 'ECC_NIST_P256',
        KeyUsage: 'SIGN_VERIFY',
        SigningAlgorithms: ['ECDSA_SHA_256'],
        PublicKey: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })),
      };
    return { Signature: new Uint8Array(sign('sha256', Buffer.from(command.input.Message!), { key: privateKey, dsaEncoding: 'der' })) };
  };
  return { kms: { send } as never, calls, publicKey };
}

describe('the KMS signer', () => {
  const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

  it('signs RAW with ECDSA_SHA_256 and reads the public key once per container', async () => {
    const standIn = kmsStandIn();
    const signer = kmsTokenSigner(standIn.kms, KEY);

    const tokens = await Promise.all([1, 2, 3].map((n) => signJwt(signer, { n })));

    const keySet = createLocalJWKSet({ keys: [await signer.publicKey()] });
    for (const token of tokens) await compactVerify(token, keySet, { algorithms: ['ES256'] });
    expect(standIn.calls.filter((call) => call.command === 'GetPublicKeyCommand')).toHaveLength(1);
    expect(standIn.calls.filter((call) => call.command === 'SignCommand').map((call) => call.input)).toEqual(
      Array(3).fill({ KeyId: KEY, Message: expect.any(Uint8Array), MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    expect((await signer.publicKey()).kid).toBe(await calculateJwkThumbprint(await exportJWK(standIn.publicKey)));
  });

  it('asks again after a failed public-key read instead of keeping the failure', async () => {
    const standIn = kmsStandIn();
    let failNext = true;
    const flaky = {
      send: (command: GetPublicKeyCommand | SignCommand): Promise<unknown> => {
        if (failNext) {
          failNext = false;
          return Promise.reject(Object.assign(new Error('KMS is unwell'), { name: 'KMSInternalException' }));
        }
        return (standIn.kms as { send: (command: GetPublicKeyCommand | SignCommand) => Promise<unknown> }).send(command);
      },
    };
    const signer = kmsTokenSigner(flaky as never, KEY);

    await expect(signer.publicKey()).rejects.toMatchObject({ name: 'KMSInternalException' });
    await expect(signer.publicKey()).resolves.toMatchObject({ kty: 'EC', crv: 'P-256' });
  });

  it('refuses a key that is not an ECC_NIST_P256 signing key', async () => {
    const signer = kmsTokenSigner(kmsStandIn({ keySpec: 'RSA_2048' }).kms, KEY);
    await expect(signer.publicKey()).rejects.toThrow(/ECC_NIST_P256/);
  });
});
