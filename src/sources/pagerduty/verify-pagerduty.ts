import type { Credential, VerifyResult, WebhookRequest } from "../source.js";
import { verifyV1Signatures } from "../verify.js";

/**
 * `X-PagerDuty-Signature: v1=<hex HMAC-SHA256(secret, raw body)>`, possibly several comma-separated (PagerDuty
 * signs with every secret of the subscription while one is being rotated): any one matching is enough.
 */
export function verifyPagerduty(request: WebhookRequest, credential: Credential): VerifyResult {
  return verifyV1Signatures(request, credential, "X-PagerDuty-Signature");
}
