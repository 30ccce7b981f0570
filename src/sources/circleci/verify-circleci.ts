import type { Credential, VerifyResult, WebhookRequest } from "../source.js";
import { header, hexDigest, mismatch, missing, signedByAny, verified } from "../verify.js";

/**
 * `Circleci-Signature: v1=<hex HMAC-SHA256(secret, raw body)>`, possibly several comma-separated (a future scheme
 * or a second secret): any v1 signature matching is enough. CircleCI sends it only when the webhook has a secret.
 */
export function verifyCircleci(request: WebhookRequest, credential: Credential): VerifyResult {
  const value = header(request.headers, "circleci-signature");
  if (value === undefined)
    return missing("Circleci-Signature header (set a secret token on the CircleCI webhook)");
  const digests = value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.startsWith("v1="))
    .slice(0, 16)
    .map((part) => hexDigest(part.slice(3)))
    .filter((digest) => digest !== undefined);
  if (digests.length === 0) return mismatch("Circleci-Signature (no v1=<64 hex digits> signature)");
  let match = false;
  // Every signature is checked, so the time taken does not say which one matched.
  for (const digest of digests) match = signedByAny(credential, request.rawBody, digest) || match;
  return match ? verified : mismatch("no Circleci-Signature signature");
}
