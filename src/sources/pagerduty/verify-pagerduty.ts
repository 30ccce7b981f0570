import type { Credential, VerifyResult, WebhookRequest } from "../source.js";
import { header, hexDigest, mismatch, missing, signedByAny, verified } from "../verify.js";

/**
 * `X-PagerDuty-Signature: v1=<hex HMAC-SHA256(secret, raw body)>`, possibly several comma-separated (PagerDuty
 * signs with every secret of the subscription while one is being rotated): any one matching is enough.
 */
export function verifyPagerduty(request: WebhookRequest, credential: Credential): VerifyResult {
  const value = header(request.headers, "x-pagerduty-signature");
  if (value === undefined) return missing("X-PagerDuty-Signature header");
  const digests = value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.startsWith("v1="))
    .slice(0, 16)
    .map((part) => hexDigest(part.slice(3)))
    .filter((digest) => digest !== undefined);
  if (digests.length === 0) return mismatch("X-PagerDuty-Signature (no v1=<64 hex digits> signature)");
  let match = false;
  // Every signature is checked, so the time taken does not say which one matched.
  for (const digest of digests) match = signedByAny(credential, request.rawBody, digest) || match;
  return match ? verified : mismatch("no X-PagerDuty-Signature signature");
}
