import type { Credential, VerifyResult, WebhookRequest } from "../source.js";
import { bearerToken, header, hexDigest, mismatch, missing, signedByAny, verified } from "../verify.js";

/**
 * Jira webhooks registered with a secret (Jira Cloud's admin webhooks, Jira Data Center's with a secret) send
 * `X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>`: that is checked whenever present. For a Jira that
 * cannot sign (an older Data Center), a reverse proxy may send the same secret as `Authorization: Bearer <secret>`.
 * Both compare in constant time.
 */
export function verifyJira(request: WebhookRequest, credential: Credential): VerifyResult {
  const signature = header(request.headers, "x-hub-signature");
  if (signature !== undefined) {
    const digest = /^sha256=/i.test(signature) ? hexDigest(signature.slice("sha256=".length)) : undefined;
    if (digest === undefined) return mismatch("X-Hub-Signature (not sha256=<64 hex digits>)");
    return signedByAny(credential, request.rawBody, digest) ? verified : mismatch("X-Hub-Signature");
  }
  const token = bearerToken(request.headers);
  if (token !== undefined) return credential.matchesToken(token) ? verified : mismatch("the bearer token");
  return header(request.headers, "authorization") === undefined
    ? missing("X-Hub-Signature header (set a secret on the Jira webhook) or Authorization: Bearer <secret>")
    : mismatch("the Authorization header (not Bearer <secret>)");
}
