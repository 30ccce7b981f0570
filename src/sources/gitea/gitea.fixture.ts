import { basename } from "node:path";
import { byName, fixtureFile, jsonFilesUnder, type SourceFixtures } from "../contract.fixture.js";
import { hmacSha256 } from "../verify.js";
import { gitea } from "./index.js";

/** The X-Gitea-Event Gitea sends with each of go-playground/webhooks' captured payloads. */
const EVENTS: Record<string, string> = {
  "pull-request-event.json": "pull_request",
  "push-event.json": "push",
  "release-event.json": "release",
};

/** go-playground/webhooks' Gitea test data. */
const all = jsonFilesUnder("go-playground-webhooks/gitea").map((path) => {
  const event = EVENTS[basename(path)];
  if (event === undefined) throw new Error(`no X-Gitea-Event known for ${path}`);
  return fixtureFile(path, { "x-gitea-event": event, "content-type": "application/json" });
});

export const fixtures: SourceFixtures = {
  source: gitea,
  secret: "gitea-webhook-secret-for-tests",
  sign: (body, secret, deliveryId) => ({
    "x-gitea-signature": hmacSha256(Buffer.from(secret), body).toString("hex"),
    "x-gitea-delivery": deliveryId,
  }),
  all,
  mapped: byName(all, "go-playground-webhooks/gitea/push-event.json"),
  // releases are deployments only with releaseDeployments: ignored (not_configured) by default
  unused: byName(all, "go-playground-webhooks/gitea/release-event.json"),
};
