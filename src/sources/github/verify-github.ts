import type { Credential, VerifyResult, WebhookRequest } from "../source.js";
import { verifyHmacHeader } from "../verify.js";

/**
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>`, over the bytes as sent (a form-encoded
 * delivery is signed as form-encoded). The older SHA-1 `X-Hub-Signature` is not accepted.
 */
export function verifyGithub(request: WebhookRequest, credential: Credential): VerifyResult {
  return verifyHmacHeader(
    request,
    credential,
    "X-Hub-Signature-256",
    "sha256=",
    " (set a secret on the GitHub webhook)",
  );
}
