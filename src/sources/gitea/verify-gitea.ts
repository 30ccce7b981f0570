import type { Credential, VerifyResult, WebhookRequest } from "../source.js";
import { verifyHmacHeader } from "../verify.js";

/**
 * `X-Gitea-Signature: <hex HMAC-SHA256(secret, raw body)>` (no prefix), over the bytes as sent; the webhook's
 * **Secret**. Forgejo sends the same header. Compared in constant time against every secret of the connection.
 */
export function verifyGitea(request: WebhookRequest, credential: Credential): VerifyResult {
  return verifyHmacHeader(
    request,
    credential,
    "X-Gitea-Signature",
    "",
    " (set a secret on the Gitea webhook)",
  );
}
