import type { Credential, VerifyResult, WebhookRequest } from "../source.js";
import { verifyV1Signatures } from "../verify.js";

/**
 * `Circleci-Signature: v1=<hex HMAC-SHA256(secret, raw body)>`, possibly several comma-separated (a future scheme
 * or a second secret): any v1 signature matching is enough. CircleCI sends it only when the webhook has a secret.
 */
export function verifyCircleci(request: WebhookRequest, credential: Credential): VerifyResult {
  return verifyV1Signatures(
    request,
    credential,
    "Circleci-Signature",
    " (set a secret token on the CircleCI webhook)",
  );
}
