import type { Credential, VerifyResult, WebhookRequest } from "../source.js";
import { verifyBearerToken } from "../verify.js";

/**
 * Opsgenie's webhook integration signs nothing; it sends the custom headers the integration lists. Stride's
 * connection token goes in one: `Authorization: Bearer <token>` (compared as salted hashes, constant time). Not a
 * query parameter: URLs end up in proxy and access logs.
 */
export function verifyOpsgenie(request: WebhookRequest, credential: Credential): VerifyResult {
  return verifyBearerToken(
    request,
    credential,
    "add the custom header Authorization: Bearer <token> to the integration",
  );
}
