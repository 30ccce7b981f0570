import { expect, test } from "vitest";
import { ShipmentsBuilder } from "./build-shipments.js";
import { defaultEngineSettings } from "./dataset.js";
import { deploymentRecords } from "./deployment-records.js";
import {
  type ChangeFacts,
  changeKeyAt,
  prAt,
  pullRequestKey,
  repoAt,
  type ShipmentRow,
  startAt,
} from "./shipments.js";

const HOUR = 3_600_000;
const records = deploymentRecords(
  ["d1", "d2"].map((id, k) => ({
    id,
    service: "api",
    environment: "production",
    status: "success" as const,
    kind: "deploy" as const,
    startedAt: k * HOUR,
    finishedAt: k * HOUR + 60_000,
    sha: null,
    version: null,
    repo: "acme/api",
    changes: [],
  })),
);

const row = (deployment: string, sha: string, change: number | null, position: number): ShipmentRow => ({
  deployment,
  service: "api",
  environment: "production",
  deployedAt: deployment === "d1" ? 60_000 : HOUR + 60_000,
  position,
  sha,
  change,
  repo: "acme/api",
});

const facts = (key: number, committedAt: number, pr: number | null = null): ChangeFacts => ({
  key,
  repo: "acme/api",
  committedAt,
  authoredAt: committedAt,
  pr:
    pr === null
      ? null
      : { repo: "acme/api", number: pr, createdAt: 0, firstCommitAt: null, firstReviewAt: null, mergedAt: 0 },
});

function builderWithRows(): ShipmentsBuilder {
  const builder = new ShipmentsBuilder(defaultEngineSettings, records);
  builder.add(row("d1", "aaa", 7, 0));
  builder.add(row("d1", "bbb", 3, 1));
  builder.add(row("d2", "ccc", null, 0));
  return builder;
}

test("commit facts are taken once per key, in key order: keys no row shipped are passed over, a repeat keeps the first", () => {
  const builder = builderWithRows();
  expect(Array.from(builder.commitKeys())).toEqual([3, 7]);
  builder.addFacts(facts(1, 100));
  builder.addFacts(facts(3, 1_000, 12));
  builder.addFacts(facts(3, 2_000, 13));
  builder.addFacts(facts(5, 100));
  builder.addFacts(facts(7, 5_000));
  builder.addFacts(facts(9, 100));
  const s = builder.finish();
  // shipments in deployment order: d1's aaa (key 7), bbb (key 3), then d2's unknown ccc
  expect(Array.from({ length: s.n }, (_, i) => startAt(s, i))).toEqual([5_000, 1_000, Number.NaN]);
  expect(
    Array.from({ length: s.n }, (_, i) => (prAt(s, i) < 0 ? null : pullRequestKey(s, prAt(s, i)))),
  ).toEqual([null, "acme/api#12", null]);
  // a sha no change has keeps the repository its row named
  expect(s.repos[repoAt(s, 2)]).toBe("acme/api");
});

test("keys past 32 bits are kept exactly", () => {
  const builder = new ShipmentsBuilder(defaultEngineSettings, records);
  builder.add(row("d1", "aaa", 2 ** 31 + 5, 0));
  builder.add(row("d1", "bbb", 3, 1));
  expect(Array.from(builder.commitKeys())).toEqual([3, 2 ** 31 + 5]);
  builder.addFacts(facts(3, 1_000));
  builder.addFacts(facts(2 ** 31 + 5, 7_000));
  const s = builder.finish();
  expect([changeKeyAt(s, 0), startAt(s, 0)]).toEqual([2 ** 31 + 5, 7_000]);
});

test("pull request numbers past 32 bits, and more repositories than 16 bits count, are kept exactly", () => {
  const builder = new ShipmentsBuilder(defaultEngineSettings, records);
  const repos = 2 ** 15 + 2;
  for (let k = 0; k < repos; k++) builder.add(row("d1", `sha${k}`, k, k));
  builder.commitKeys();
  for (let k = 0; k < repos; k++)
    builder.addFacts({ ...facts(k, 1_000, k === 0 ? 2 ** 31 + 7 : null), repo: `org/repo-${k}` });
  const s = builder.finish();
  const last = s.n - 1;
  expect(s.repos[repoAt(s, last)]).toBe(`org/repo-${repos - 1}`);
  expect(pullRequestKey(s, prAt(s, 0))).toBe(`acme/api#${2 ** 31 + 7}`);
});

test("facts out of key order, and rows after the commits are numbered, are errors, not silently misplaced", () => {
  const builder = builderWithRows();
  builder.commitKeys();
  builder.addFacts(facts(7, 5_000));
  expect(() => builder.addFacts(facts(3, 1_000))).toThrow(/out of key order/);
  expect(() => builder.add(row("d2", "ddd", 8, 1))).toThrow(/after the commits were numbered/);
  expect(() => new ShipmentsBuilder(defaultEngineSettings, records).finish()).toThrow(/numbered before/);
});
