import type { Credential, VerifyResult, WebhookRequest } from "../source.js";
import { bearerToken, header, mismatch, missing, verified } from "../verify.js";

/** `Authorization: Bearer <token>`: the connection's token (compared as salted hashes, constant time). */
export function verifyCdevents(request: WebhookRequest, credential: Credential): VerifyResult {
  const token = bearerToken(request.headers);
  if (token === undefined) {
    return header(request.headers, "authorization") === undefined
      ? missing("Authorization header (Bearer <token>)")
      : mismatch("the Authorization header (not Bearer <token>)");
  }
  return credential.matchesToken(token) ? verified : mismatch("the bearer token");
}
