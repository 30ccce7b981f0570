import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import {
  byName,
  FIXTURES,
  type Fixture,
  fixtureFile,
  jsonFilesUnder,
  type SourceFixtures,
} from "../contract.fixture.js";
import { hmacSha256 } from "../verify.js";
import { github } from "./index.js";

/**
 * GitHub's real payloads: octokit/webhooks' examples (the event is the folder name), and the cdevents
 * github-translator's captured deliveries, which GitHub sent form-encoded (their headers say so): they are sent
 * here as `payload=<JSON>`, the way GitHub sends them.
 */
const octokit = jsonFilesUnder("octokit-webhooks").map((path) =>
  fixtureFile(path, { "x-github-event": path.split("/")[1] ?? "", "content-type": "application/json" }),
);

const captured = ["branch-deleted", "branch-updated", "new-branch-created"].map((name): Fixture => {
  const folder = join(FIXTURES, "cdevents-github-translator");
  const headers = (
    JSON.parse(readFileSync(join(folder, "headers", `${name}.json`), "utf8")) as {
      headers: Record<string, string>;
    }
  ).headers;
  const json = JSON.stringify(JSON.parse(readFileSync(join(folder, `${name}.json`), "utf8")));
  return {
    name: `cdevents-github-translator/${basename(name)}.json`,
    body: Buffer.from(new URLSearchParams({ payload: json }).toString()),
    headers: {
      "x-github-event": headers["x-github-event"] ?? "",
      "content-type": headers["content-type"] ?? "",
    },
  };
});

const all = [...octokit, ...captured];

export const fixtures: SourceFixtures = {
  source: github,
  secret: "github-webhook-secret-for-tests",
  sign: (body, secret, deliveryId) => ({
    "x-hub-signature-256": `sha256=${hmacSha256(Buffer.from(secret), body).toString("hex")}`,
    "x-github-delivery": deliveryId,
  }),
  all,
  mapped: byName(all, "octokit-webhooks/push/with-new-branch.payload.json"),
  unused: byName(all, "octokit-webhooks/status/payload.json"),
};
