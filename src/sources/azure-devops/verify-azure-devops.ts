import type { Credential, VerifyResult, WebhookRequest } from "../source.js";
import { bearerToken, header, mismatch, missing, verified } from "../verify.js";

/**
 * Azure DevOps service hooks do not sign deliveries; they can send basic-authentication credentials. The
 * connection's secret is the **password** (any user name, e.g. `stride`): `Authorization: Basic
 * base64(<user>:<secret>)`. `Authorization: Bearer <secret>` (set under the hook's HTTP headers) is accepted too.
 * Compared as salted hashes, in constant time.
 */
export function verifyAzureDevops(request: WebhookRequest, credential: Credential): VerifyResult {
  const value = header(request.headers, "authorization");
  if (value === undefined) {
    return missing("Authorization header (set basic authentication on the service hook)");
  }
  const basic = /^Basic\s+([A-Za-z0-9+/]+=*)\s*$/i.exec(value);
  if (basic?.[1] !== undefined) {
    const credentials = Buffer.from(basic[1], "base64").toString("utf8");
    const colon = credentials.indexOf(":");
    if (colon < 0) return mismatch("the Authorization header (Basic without user:password)");
    return credential.matchesToken(credentials.slice(colon + 1))
      ? verified
      : mismatch("the basic-authentication password");
  }
  const token = bearerToken(request.headers);
  if (token !== undefined) return credential.matchesToken(token) ? verified : mismatch("the bearer token");
  return mismatch("the Authorization header (neither Basic nor Bearer)");
}
