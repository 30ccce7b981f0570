import type { Credential, VerifyResult, WebhookRequest } from "../source.js";
import { header, hexDigest, mismatch, missing, signedByAny, verified } from "../verify.js";

/**
 * `X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>`, the scheme Bitbucket Cloud and Bitbucket Data
 * Center share (the webhook's **Secret**). Compared in constant time against every secret of the connection.
 */
export function verifyHubSignature(request: WebhookRequest, credential: Credential): VerifyResult {
  const value = header(request.headers, "x-hub-signature");
  if (value === undefined) return missing("X-Hub-Signature header (set a secret on the Bitbucket webhook)");
  const digest = value.startsWith("sha256=") ? hexDigest(value.slice("sha256=".length)) : undefined;
  if (digest === undefined) return mismatch("X-Hub-Signature (not sha256=<64 hex digits>)");
  return signedByAny(credential, request.rawBody, digest) ? verified : mismatch("X-Hub-Signature");
}

export const verifyBitbucket = verifyHubSignature;
