import type { Credential, VerifyResult, WebhookRequest } from "../source.js";
import { header, hexDigest, mismatch, missing, signedByAny, verified } from "../verify.js";

const SIGNATURE = "x-hub-signature-256";

/**
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>`, over the bytes as sent (a form-encoded
 * delivery is signed as form-encoded). The older SHA-1 `X-Hub-Signature` is not accepted.
 */
export function verifyGithub(request: WebhookRequest, credential: Credential): VerifyResult {
  const value = header(request.headers, SIGNATURE);
  if (value === undefined) return missing("X-Hub-Signature-256 header (set a secret on the GitHub webhook)");
  const digest = value.startsWith("sha256=") ? hexDigest(value.slice("sha256=".length)) : undefined;
  if (digest === undefined) return mismatch("X-Hub-Signature-256 (not sha256=<64 hex digits>)");
  return signedByAny(credential, request.rawBody, digest) ? verified : mismatch("X-Hub-Signature-256");
}
