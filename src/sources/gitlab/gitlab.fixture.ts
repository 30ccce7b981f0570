import { readFileSync } from "node:fs";
import { join } from "node:path";
import { byName, FIXTURES, fixtureFile, jsonFilesUnder, type SourceFixtures } from "../contract.fixture.js";
import { gitlab } from "./index.js";

/** The X-Gitlab-Event header GitLab sends with each object_kind. */
const HOOKS: Record<string, string> = {
  push: "Push Hook",
  tag_push: "Tag Push Hook",
  merge_request: "Merge Request Hook",
  pipeline: "Pipeline Hook",
  build: "Job Hook",
  deployment: "Deployment Hook",
  issue: "Issue Hook",
  release: "Release Hook",
};

function hookOf(path: string): string {
  const kind = (JSON.parse(readFileSync(join(FIXTURES, path), "utf8")) as { object_kind?: string })
    .object_kind;
  return HOOKS[kind ?? ""] ?? "System Hook";
}

/** xanzy/go-gitlab's and go-playground/webhooks' GitLab test data, and zulip's captured GitLab hooks. */
const all = [
  ...jsonFilesUnder("go-gitlab-webhooks"),
  ...jsonFilesUnder("go-playground-webhooks/gitlab"),
  ...jsonFilesUnder("zulip-gitlab"),
].map((path) => fixtureFile(path, { "x-gitlab-event": hookOf(path), "content-type": "application/json" }));

export const fixtures: SourceFixtures = {
  source: gitlab,
  secret: "gitlab-token-for-tests-0123",
  sign: (_body, secret, deliveryId) => ({ "x-gitlab-token": secret, "x-gitlab-event-uuid": deliveryId }),
  all,
  mapped: byName(all, "go-gitlab-webhooks/push.json"),
  unused: byName(all, "go-gitlab-webhooks/tag_push.json"),
};
