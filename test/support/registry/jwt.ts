import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';

/** Claims distribution checks: iss against `issuer`, aud against `service`, exp/nbf (±60 s leeway), then `access`. */
export interface RegistryClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  access: { type: string; name: string; actions: string[] }[];
}

export interface TokenSigner {
  /** The libtrust key id distribution 2.8 uses to find the signing key among the rootcertbundle's keys. */
  kid: string;
  sign(claims: RegistryClaims): string;
}

export function es256Signer(privateKeyPem: string): TokenSigner {
  const key = createPrivateKey(privateKeyPem);
  const kid = libtrustKeyId(createPublicKey(key));
  return {
    kid,
    sign(claims) {
      const header = { typ: 'JWT', alg: 'ES256', kid };
      const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
      // JOSE wants r||s, not the DER sequence node produces by default.
      const signature = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
      return `${signingInput}.${base64url(signature)}`;
    },
  };
}

/** libtrust: base32 of the first 240 bits of sha256(PKIX DER), unpadded, in colon-separated groups of four. */
export function libtrustKeyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const encoded = base32(createHash('sha256').update(der).digest().subarray(0, 30));
  return encoded.match(/.{1,4}/g)!.join(':');
}

function base32(bytes: Buffer): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0x1fff;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}
