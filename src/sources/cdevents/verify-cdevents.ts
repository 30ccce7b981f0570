import type { Credential, VerifyResult, WebhookRequest } from "../source.js";
import { verifyBearerToken } from "../verify.js";

/** `Authorization: Bearer <token>`: the connection's token (compared as salted hashes, constant time). */
export function verifyCdevents(request: WebhookRequest, credential: Credential): VerifyResult {
  return verifyBearerToken(request, credential, "Bearer <token>");
}
