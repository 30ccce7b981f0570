import { readFileSync } from "node:fs";
import { join } from "node:path";
import { byName, FIXTURES, fixtureFile, jsonFilesUnder, type SourceFixtures } from "../contract.fixture.js";
import { hmacSha256 } from "../verify.js";
import { bitbucketServer } from "./index.js";

/** The X-Event-Key Bitbucket sends is the body's `eventKey`. */
function eventKeyOf(path: string): string {
  const key = (JSON.parse(readFileSync(join(FIXTURES, path), "utf8")) as { eventKey?: unknown }).eventKey;
  if (typeof key !== "string") throw new Error(`${path} has no eventKey`);
  return key;
}

/** go-playground/webhooks' Bitbucket Server test data. */
const all = jsonFilesUnder("go-playground-webhooks/bitbucket-server").map((path) =>
  fixtureFile(path, { "x-event-key": eventKeyOf(path), "content-type": "application/json" }),
);

export const fixtures: SourceFixtures = {
  source: bitbucketServer,
  secret: "bitbucket-dc-webhook-secret-for-tests",
  sign: (body, secret, deliveryId) => ({
    "x-hub-signature": `sha256=${hmacSha256(Buffer.from(secret), body).toString("hex")}`,
    "x-request-id": deliveryId,
  }),
  all,
  mapped: byName(all, "go-playground-webhooks/bitbucket-server/pr-opened.json"),
  // a branch deletion: authentic, and nothing to store
  unused: byName(all, "go-playground-webhooks/bitbucket-server/repo-refs-changed.json"),
};
