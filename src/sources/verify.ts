import { createHmac, timingSafeEqual } from "node:crypto";
import type { Credential, Headers, VerifyResult } from "./source.js";

/** Helpers every verifier shares: HMAC digests, constant-time comparison, header access. */

export function hmacSha256(secret: Buffer, body: Buffer): Buffer {
  return createHmac("sha256", secret).update(body).digest();
}

/** Constant-time equality of two digests (their length is public: it is the algorithm's). */
export function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

const HEX_256 = /^[0-9a-f]{64}$/i;

/** A hex SHA-256 digest as bytes; undefined when the text is not one. */
export function hexDigest(text: string): Buffer | undefined {
  const trimmed = text.trim();
  return HEX_256.test(trimmed) ? Buffer.from(trimmed, "hex") : undefined;
}

/** Whether any of the connection's secrets signed `body` with HMAC-SHA256 to `digest`. */
export function signedByAny(credential: Credential, body: Buffer, digest: Buffer): boolean {
  let match = false;
  // Every secret is compared, so the time taken does not say which one matched.
  for (const secret of credential.secrets) match = sameBytes(hmacSha256(secret, body), digest) || match;
  return match;
}

export function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return value === undefined || value === "" ? undefined : value;
}

export function firstHeader(headers: Headers, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = header(headers, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(headers: Headers): string | undefined {
  const value = header(headers, "authorization");
  const match = value === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match?.[1];
}

export function missing(what: string): VerifyResult {
  return { ok: false, code: "missing_signature", message: `the request has no ${what}` };
}

export function mismatch(what: string): VerifyResult {
  return {
    ok: false,
    code: "invalid_signature",
    message: `${what} does not match the connection's secret`,
  };
}

export const verified: VerifyResult = Object.freeze({ ok: true });

/** Token schemes: the token in `name` equals the connection's token. */
export function verifyTokenHeader(headers: Headers, credential: Credential, name: string): VerifyResult {
  const given = header(headers, name);
  if (given === undefined) return missing(`${name} header`);
  return credential.matchesToken(given) ? verified : mismatch(`the ${name} header`);
}
