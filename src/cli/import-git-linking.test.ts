import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { linkDataset } from "../domain/linking/link-dataset.js";
import { defaultEngineSettings } from "../domain/metrics/dataset.js";
import type { LinkedDataset } from "../domain/metrics/linked.js";
import { deployedAt, deploymentRowAt, prAt, pullRequestKey, startAt } from "../domain/metrics/shipments.js";
import { systemClock } from "../domain/time.js";
import { makeTestRepo } from "../git/git-repo.fixture.js";
import { type GitImportOptions, prepareGitImport } from "../git/prepare-git-import.js";
import { decodeBody } from "../ingest/decode-body.js";
import { ingestItems } from "../ingest/ingest-events.js";
import { createWriteQueue } from "../ingest/write-queue.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { serviceDeployments } from "../testing/service-deployments.js";
import { shipmentShas, storeShas } from "../testing/shipment-shas.js";
import { freshSqliteUrl } from "../testing/test-databases.js";
import { runGitImport } from "./run-git-import.js";

/**
 * Linking over a real repository imported with `stride import git`: a long-lived branch merged, a squash merge
 * naming its PR, a revert, tags; one service deployed from a deploy log (with a rollback to an older tag and a
 * redeploy of the same tag), and the same repository as a monorepo of two services with path globs.
 */
const HOUR = 3_600_000;
let store: Store;
let linked: LinkedDataset;
/** each shipment's sha, read by its change key */
let shas: string[];
const sha: Record<string, string> = {};

async function importInto(options: GitImportOptions): Promise<void> {
  const queue = createWriteQueue(store);
  await runGitImport(await prepareGitImport(options), store, { queue, clock: systemClock });
  await queue.drain();
}

beforeAll(async () => {
  const repo = makeTestRepo("shop");
  repo.git(["remote", "add", "origin", "https://github.com/acme/shop.git"]);
  sha.c1 = repo.commit("init", "2026-03-01T09:00:00Z", {
    "services/api/a.ts": "a",
    "services/web/w.ts": "w",
  });
  repo.tag("v1", sha.c1);
  repo.git(["checkout", "-q", "-b", "feature"]);
  sha.f1 = repo.commit("api: feature", "2026-03-01T10:00:00Z", { "services/api/f.ts": "f" });
  repo.git(["checkout", "-q", "main"]);
  sha.c2 = repo.commit("web: Fix totals (#12)", "2026-03-01T11:00:00Z", { "services/web/t.ts": "t" });
  sha.m1 = repo.merge("feature", "2026-03-01T12:00:00Z");
  repo.tag("v2", sha.m1, "2026-03-01T14:00:00Z");
  sha.c3 = repo.commit("api: bug", "2026-03-02T09:00:00Z", { "services/api/b.ts": "bug" });
  repo.tag("v3", sha.c3, "2026-03-02T10:00:00Z");
  repo.git(["revert", "--no-edit", sha.c3], "2026-03-02T11:00:00Z");
  sha.r1 = repo.head();
  repo.tag("v4", sha.r1, "2026-03-02T12:00:00Z");

  const log = join(mkdtempSync(join(tmpdir(), "stride-log-")), "deploys.csv");
  writeFileSync(
    log,
    [
      "version,finishedAt",
      "v1,2026-03-01T09:30:00Z",
      "v2,2026-03-01T14:00:00Z",
      "v3,2026-03-02T10:00:00Z",
      "v2,2026-03-02T10:30:00Z", // back to an older tag: a rollback
      "v2,2026-03-02T10:45:00Z", // the same tag again: a redeploy
      "v4,2026-03-02T12:30:00Z",
    ].join("\n"),
  );
  store = await openStore(freshSqliteUrl());
  await importInto({ path: repo.dir, service: "shop", deployLog: log });
  // after an import without --paths: the commits are read again, with their files
  await importInto({ path: repo.dir, service: "api", paths: ["services/api"], deployTags: "v*" });
  await importInto({
    path: repo.dir,
    service: "web",
    paths: ["services/web/**"],
    deployTags: "v*",
    full: true,
  });
  const pr = { type: "pull_request", repo: "acme/shop", number: 12, title: "Fix totals", author: "ana" };
  const items = decodeBody(
    JSON.stringify({ ...pr, createdAt: "2026-03-01T10:30:00Z", mergedAt: "2026-03-01T11:00:00Z" }),
    "json",
    1,
  ).items;
  await ingestItems({ queue: createWriteQueue(store), clock: systemClock }, items, { source: "test" });
  const loaded = await store.loadDataset(defaultEngineSettings);
  linked = linkDataset(loaded, defaultEngineSettings);
  shas = shipmentShas(linked.shipments, await storeShas(store, loaded));
});
afterAll(() => store.close());

const name = (s: string) => Object.entries(sha).find(([, v]) => v === s)?.[0] ?? s;

/** Per deployment of a service, in order: what it shipped first (commit → lead time in hours, PR). */
function shipped(service: string): [string | null, string, Record<string, [number, string | null]>][] {
  const s = linked.shipments;
  return serviceDeployments(linked, service).map((d) => {
    const out: Record<string, [number, string | null]> = {};
    for (let i = 0; i < s.n; i++) {
      if (deploymentRowAt(s, i) !== d.row) continue;
      const pr = prAt(s, i);
      out[name(shas[i] as string)] = [
        (deployedAt(s, i) - startAt(s, i)) / HOUR,
        pr < 0 ? null : pullRequestKey(s, pr),
      ];
    }
    return [d.version, d.kind, out];
  });
}

describe("linking a repository imported from git", () => {
  test("a deploy log: merges, a squash merge's PR, a rollback to an older tag, a redeploy, a revert", () => {
    expect(shipped("shop")).toEqual([
      ["v1", "deploy", {}], // the first deployment ships nothing
      ["v2", "deploy", { m1: [2, null], c2: [3, "acme/shop#12"], f1: [4, null] }],
      ["v3", "deploy", { c3: [1, null] }],
      ["v2", "rollback", {}],
      ["v2", "deploy", {}], // a redeploy of the live tag
      ["v4", "deploy", { r1: [1.5, null] }], // c3 was shipped by v3: only the revert is new
    ]);
    const [, , v3, rollback, redeploy] = serviceDeployments(linked, "shop");
    expect(rollback?.reverts).toMatchObject({ deployment: v3?.id, method: "ancestry" });
    expect(v3?.failureCauses).toEqual(["rollback"]);
    expect(redeploy).toMatchObject({ rework: null, reverts: null });
  });

  test("a monorepo: each service's tags ship only the commits touching its paths", () => {
    expect(shipped("api")).toEqual([
      ["v1", "deploy", {}],
      ["v2", "deploy", { f1: [14 - 10, null] }],
      ["v3", "deploy", { c3: [1, null] }],
      ["v4", "deploy", { r1: [1, null] }],
    ]);
    expect(shipped("web")).toEqual([
      ["v1", "deploy", {}],
      ["v2", "deploy", { c2: [3, "acme/shop#12"] }],
      ["v3", "deploy", {}],
      ["v4", "deploy", {}],
    ]);
    const v2 = serviceDeployments(linked, "web")[1];
    expect(v2?.shipped?.method).toBe("reachability+paths");
    expect(v2?.shipped?.evidence).toMatch(/1 of those 3 touch services\/web\/\*\*$/);
  });
});
