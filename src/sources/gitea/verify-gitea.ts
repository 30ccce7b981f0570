import type { Credential, VerifyResult, WebhookRequest } from "../source.js";
import { header, hexDigest, mismatch, missing, signedByAny, verified } from "../verify.js";

/**
 * `X-Gitea-Signature: <hex HMAC-SHA256(secret, raw body)>` (no prefix), over the bytes as sent; the webhook's
 * **Secret**. Forgejo sends the same header. Compared in constant time against every secret of the connection.
 */
export function verifyGitea(request: WebhookRequest, credential: Credential): VerifyResult {
  const value = header(request.headers, "x-gitea-signature");
  if (value === undefined) return missing("X-Gitea-Signature header (set a secret on the Gitea webhook)");
  const digest = hexDigest(value);
  if (digest === undefined) return mismatch("X-Gitea-Signature (not 64 hex digits)");
  return signedByAny(credential, request.rawBody, digest) ? verified : mismatch("X-Gitea-Signature");
}
