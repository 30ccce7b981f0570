/**
 * Bitbucket Data Center signs like Bitbucket Cloud: `X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>`
 * (the webhook's **Secret**), compared in constant time.
 */
export { verifyHubSignature as verifyBitbucketServer } from "../bitbucket/verify-bitbucket.js";
