import type { Credential, VerifyResult, WebhookRequest } from "../source.js";
import { verifyHmacHeader } from "../verify.js";

/**
 * `X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>`, the scheme Bitbucket Cloud and Bitbucket Data
 * Center share (the webhook's **Secret**). Compared in constant time against every secret of the connection.
 */
export function verifyHubSignature(request: WebhookRequest, credential: Credential): VerifyResult {
  return verifyHmacHeader(
    request,
    credential,
    "X-Hub-Signature",
    "sha256=",
    " (set a secret on the Bitbucket webhook)",
  );
}

export const verifyBitbucket = verifyHubSignature;
