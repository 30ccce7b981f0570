import { basename } from "node:path";
import { byName, fixtureFile, jsonFilesUnder, type SourceFixtures } from "../contract.fixture.js";
import { hmacSha256 } from "../verify.js";
import { bitbucket } from "./index.js";

/** The X-Event-Key Bitbucket Cloud sends with each of go-playground/webhooks' example payloads. */
const EVENT_KEYS: Record<string, string> = {
  "issue-created.json": "issue:created",
  "pull-request-created.json": "pullrequest:created",
  "pull-request-merged.json": "pullrequest:fulfilled",
  "repo-commit-status-created.json": "repo:commit_status_created",
  "repo-commit-status-updated.json": "repo:commit_status_updated",
  "repo-push.json": "repo:push",
};

/**
 * go-playground/webhooks' Bitbucket Cloud test data (Atlassian's documented examples). shared/fixtures/devlake/
 * bitbucket holds Bitbucket's REST API deployment listings, not webhook deliveries: Bitbucket Cloud sends no
 * deployment webhook, so they are not deliveries to post here.
 */
const all = jsonFilesUnder("go-playground-webhooks/bitbucket").map((path) => {
  const key = EVENT_KEYS[basename(path)];
  if (key === undefined) throw new Error(`no X-Event-Key known for ${path}`);
  return fixtureFile(path, { "x-event-key": key, "content-type": "application/json" });
});

export const fixtures: SourceFixtures = {
  source: bitbucket,
  secret: "bitbucket-cloud-webhook-secret-for-tests",
  sign: (body, secret, deliveryId) => ({
    "x-hub-signature": `sha256=${hmacSha256(Buffer.from(secret), body).toString("hex")}`,
    "x-request-uuid": deliveryId,
  }),
  all,
  mapped: byName(all, "go-playground-webhooks/bitbucket/repo-push.json"),
  unused: byName(all, "go-playground-webhooks/bitbucket/issue-created.json"),
};
