import { createHmac, timingSafeEqual } from "node:crypto";
import type { Credential, Headers, VerifyResult, WebhookRequest } from "./source.js";

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

/**
 * `<Header>: v1=<hex HMAC-SHA256(secret, raw body)>`, possibly several comma-separated (a rotation signs with every
 * secret, a future scheme adds its own prefix): any v1 signature matching one of the connection's secrets is
 * enough. `name` is the header as documented (`X-PagerDuty-Signature`); `hint` ends the missing-header message.
 */
export function verifyV1Signatures(
  request: WebhookRequest,
  credential: Credential,
  name: string,
  hint = "",
): VerifyResult {
  const value = header(request.headers, name.toLowerCase());
  if (value === undefined) return missing(`${name} header${hint}`);
  const digests = value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.startsWith("v1="))
    .slice(0, 16)
    .map((part) => hexDigest(part.slice(3)))
    .filter((digest) => digest !== undefined);
  if (digests.length === 0) return mismatch(`${name} (no v1=<64 hex digits> signature)`);
  let match = false;
  // Every signature is checked, so the time taken does not say which one matched.
  for (const digest of digests) match = signedByAny(credential, request.rawBody, digest) || match;
  return match ? verified : mismatch(`no ${name} signature`);
}

/**
 * `<Header>: [prefix]<hex HMAC-SHA256(secret, raw body)>`, one signature (GitHub and Bitbucket: `sha256=`; Gitea: no
 * prefix). `name` is the header as documented (`X-Hub-Signature-256`); `hint` ends the missing-header message.
 */
export function verifyHmacHeader(
  request: WebhookRequest,
  credential: Credential,
  name: string,
  prefix: string,
  hint: string,
): VerifyResult {
  const value = header(request.headers, name.toLowerCase());
  if (value === undefined) return missing(`${name} header${hint}`);
  const digest = value.startsWith(prefix) ? hexDigest(value.slice(prefix.length)) : undefined;
  if (digest === undefined) {
    return mismatch(`${name} (not ${prefix === "" ? "64 hex digits" : `${prefix}<64 hex digits>`})`);
  }
  return signedByAny(credential, request.rawBody, digest) ? verified : mismatch(name);
}

/** `Authorization: Bearer <token>`: the connection's token. `hint` says where to set it when the header is missing. */
export function verifyBearerToken(
  request: WebhookRequest,
  credential: Credential,
  hint: string,
): VerifyResult {
  const token = bearerToken(request.headers);
  if (token === undefined) {
    return header(request.headers, "authorization") === undefined
      ? missing(`Authorization header (${hint})`)
      : mismatch("the Authorization header (not Bearer <token>)");
  }
  return credential.matchesToken(token) ? verified : mismatch("the bearer token");
}
