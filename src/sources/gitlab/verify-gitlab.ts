import type { Credential, VerifyResult, WebhookRequest } from "../source.js";
import { verifyTokenHeader } from "../verify.js";

/** `X-Gitlab-Token` equals the webhook's secret token (compared as salted hashes, constant time). */
export function verifyGitlab(request: WebhookRequest, credential: Credential): VerifyResult {
  return verifyTokenHeader(request.headers, credential, "x-gitlab-token");
}
