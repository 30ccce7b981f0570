import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { decodeBody } from "../ingest/decode-body.js";
import { type IngestContext, ingestItems, validateRaw } from "../ingest/ingest-events.js";
import { createWriteQueue } from "../ingest/write-queue.js";
import { engines, freshDatabaseUrl } from "../testing/test-databases.js";
import { openStore } from "./open-store.js";
import type { EntityRows, Store } from "./store.js";

/** The one store suite: every test runs against SQLite and against a real PostgreSQL server. */

const T0 = Date.UTC(2026, 2, 1, 12);
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function events(prefix: string): Record<string, unknown>[] {
  return [
    { type: "team", name: `${prefix}payments` },
    {
      type: "service",
      name: `${prefix}checkout`,
      team: `${prefix}payments`,
      repos: [`acme/${prefix}checkout`],
    },
    {
      type: "change",
      repo: `acme/${prefix}checkout`,
      sha: "a1b2c3d",
      parents: [],
      authoredAt: iso(-120),
      committedAt: iso(-100),
      author: "ana",
      title: `${prefix}fix`,
    },
    {
      type: "pull_request",
      repo: `acme/${prefix}checkout`,
      number: 7,
      title: `${prefix}pr`,
      author: "ana",
      createdAt: iso(-90),
    },
    {
      type: "pull_request",
      repo: `acme/${prefix}checkout`,
      number: 7,
      title: `${prefix}pr`,
      author: "ana",
      createdAt: iso(-90),
      firstReviewAt: iso(-60),
      mergedAt: iso(-30),
      mergeSha: "a1b2c3d",
    },
    {
      type: "build",
      repo: `acme/${prefix}checkout`,
      sha: "a1b2c3d",
      pipeline: `${prefix}ci`,
      startedAt: iso(-29),
      status: "in_progress",
    },
    {
      type: "build",
      repo: `acme/${prefix}checkout`,
      sha: "a1b2c3d",
      pipeline: `${prefix}ci`,
      startedAt: iso(-29),
      finishedAt: iso(-20),
      status: "success",
      tests: { total: 10, failed: 0, skipped: 1 },
    },
    {
      type: "deployment",
      id: `${prefix}d1`,
      service: `${prefix}checkout`,
      environment: "production",
      startedAt: iso(0),
      status: "in_progress",
      version: "1.4.0",
    },
    {
      type: "deployment",
      id: `${prefix}d1`,
      service: `${prefix}checkout`,
      environment: "production",
      startedAt: iso(0),
      finishedAt: iso(5),
      status: "success",
      sha: "a1b2c3d",
      changes: ["a1b2c3d"],
    },
    {
      type: "incident",
      id: `${prefix}i1`,
      services: [`${prefix}checkout`],
      detectedAt: iso(30),
      severity: "sev2",
      title: "errors",
    },
    {
      type: "incident",
      id: `${prefix}i1`,
      services: [`${prefix}checkout`],
      detectedAt: iso(30),
      acknowledgedAt: iso(33),
    },
    {
      type: "incident",
      id: `${prefix}i1`,
      services: [`${prefix}checkout`],
      detectedAt: iso(30),
      resolvedAt: iso(90),
      cause: { deployment: `${prefix}d1` },
    },
    {
      type: "flag_change",
      flag: "new-cart",
      service: `${prefix}checkout`,
      environment: "production",
      at: iso(40),
      from: "off",
      to: "on",
      percentage: 10,
    },
  ];
}

function items(values: unknown[]) {
  return decodeBody(JSON.stringify(values), "json", 10_000).items;
}

/**
 * Rows of one run with its prefix removed, so runs under different prefixes compare. Clocks are left out: their
 * tiebreak hashes cover the prefixed content.
 */
function withoutPrefix(rows: EntityRows, prefix: string): string {
  const text = JSON.stringify(rows, (key, value) => (key === "clocks" ? undefined : value)).replaceAll(
    prefix,
    "",
  );
  const parsed = JSON.parse(text) as EntityRows;
  for (const list of Object.values(parsed)) list.sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1));
  return JSON.stringify(parsed);
}

function only(rows: EntityRows, prefix: string): EntityRows {
  return Object.fromEntries(
    Object.entries(rows).map(([t, list]) => [t, list.filter((r) => JSON.stringify(r).includes(prefix))]),
  ) as EntityRows;
}

const rowsByEngine = new Map<string, EntityRows>();

describe.each(engines)("store on %s", (engine) => {
  let store: Store;
  let ctx: IngestContext;
  let url: string;

  beforeAll(async () => {
    url = await freshDatabaseUrl(engine);
    store = await openStore(url);
    ctx = { queue: createWriteQueue(store), clock: { now: () => T0 + 86_400_000 } };
  });
  afterAll(() => store.close());

  test("migrations from empty: schema current, every table empty, reopening applies nothing", async () => {
    const health = await store.health();
    expect(health.engine).toBe(engine);
    expect(health.pendingMigrations).toEqual([]);
    const counts = await store.counts();
    expect(counts.raw).toEqual({ accepted: 0, rejected: 0 });
    expect(Object.values(counts.entities).every((n) => n === 0)).toBe(true);
    const again = await openStore(url, { migrate: false });
    expect(await again.migrate()).toEqual([]);
    await again.close();
  });

  test("idempotent: the same deliveries twice give one row per entity", async () => {
    const first = await ingestItems(ctx, items(events("idem-")), { source: "api" });
    const second = await ingestItems(ctx, items(events("idem-")), { source: "api" });
    expect(first.rejected).toBe(0);
    expect(second).toMatchObject({ accepted: 0, rejected: 0, duplicate: events("").length });
    const rows = only(await store.entityRows(), "idem-");
    expect(rows.deployments).toHaveLength(1);
    expect(rows.incidents).toHaveLength(1);
    expect(rows.pull_requests.filter((r) => r.title === "idem-pr")).toHaveLength(1);
    expect(rows.deployments[0]).toMatchObject({
      status: "success",
      version: "1.4.0",
      kind: "deploy",
      finished_at: T0 + 5 * 60_000,
    });
    expect(rows.incidents[0]).toMatchObject({
      resolved_at: T0 + 90 * 60_000,
      acknowledged_at: T0 + 33 * 60_000,
      severity: "sev2",
      started_at: T0 + 30 * 60_000,
    });
  });

  test("knownCommits: the shas given that one repository already has, over many chunks", async () => {
    const sha = (n: number) => n.toString(16).padStart(40, "0");
    const change = (repo: string, n: number) => ({
      type: "change",
      repo,
      sha: sha(n),
      authoredAt: iso(n),
      committedAt: iso(n),
      author: "ana",
      title: `known-${n}`,
    });
    const stored = [1, 2, 700, 1201].map((n) => change("acme/known-a", n));
    await ingestItems(ctx, items([...stored, change("acme/known-b", 3)]), { source: "api" });
    const asked = Array.from({ length: 1300 }, (_, i) => sha(i));
    expect([...(await store.knownCommits("acme/known-a", asked))].sort()).toEqual([1, 2, 700, 1201].map(sha));
    expect(await store.knownCommits("acme/known-b", asked)).toEqual(new Set([sha(3)]));
    expect(await store.knownCommits("acme/known-c", asked)).toEqual(new Set());
    expect(await store.knownCommits("acme/known-a", [])).toEqual(new Set());
  });

  test("property: any arrival order converges to the state of in-order arrival", async () => {
    await ingestItems(ctx, items(events("ref-")), { source: "api" });
    const reference = withoutPrefix(only(await store.entityRows(), "ref-"), "ref-");
    let run = 0;
    const positions = events("").map((_, i) => i);
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(positions, { minLength: positions.length, maxLength: positions.length }),
        async (order) => {
          const prefix = `perm${run++}-`;
          const list = events(prefix);
          // each event in its own request, as separate deliveries would arrive
          for (const i of order) await ingestItems(ctx, items([list[i]]), { source: "api" });
          expect(withoutPrefix(only(await store.entityRows(), prefix), prefix)).toBe(reference);
        },
      ),
      { numRuns: engine === "postgres" ? 15 : 40 },
    );
  });

  test("raw log: rejected deliveries keep their reason and body, with secrets redacted", async () => {
    const sent = { type: "team", name: "leaky", apiToken: "tok-123456", nested: { password: "hunter2" } };
    const result = await ingestItems(ctx, items([sent]), { source: "api" });
    expect(result.results[0]).toMatchObject({ status: "rejected", error: { code: "unknown_field" } });
    const [raw] = await store.rawRecords({ status: "rejected", limit: 1 });
    expect(raw).toMatchObject({ status: "rejected", errorCode: "unknown_field", source: "api" });
    expect(raw?.reason).toMatch(/apiToken/);
    expect(raw?.body).toContain('"name":"leaky"');
    expect(raw?.body).not.toMatch(/tok-123456|hunter2/);
    expect(raw?.body).toContain("[redacted]");
    expect((await store.entityRows()).teams.map((t) => t.name)).not.toContain("leaky");
  });

  test("a rejected delivery is kept with its reason; replay rebuilds identical rows and recovers fixed ones", async () => {
    const bad = { type: "team", name: "late-team", createdAt: "2026-03-01T12:00:00" };
    const rejected = await ingestItems(ctx, items([bad]), { source: "api" });
    expect(rejected.results[0]).toMatchObject({
      status: "rejected",
      error: { code: "unknown_field", field: "createdAt" },
    });
    const before = await store.entityRows();
    const counts = await store.counts();
    const summary = await store.replay(validateRaw);
    expect(summary).toMatchObject({ records: counts.raw.accepted + counts.raw.rejected, recovered: 0 });
    expect(await store.entityRows()).toEqual(before);

    // a "fixed" validator that accepts the rejected record: replay applies it and marks it accepted
    const fixed = await store.replay((body) =>
      validateRaw(body.replace('"createdAt":"2026-03-01T12:00:00",', "")),
    );
    expect(fixed.recovered).toBe(1);
    const after = await store.entityRows();
    expect(after.teams.map((t) => t.name)).toContain("late-team");
    expect((await store.counts()).raw.rejected).toBe(counts.raw.rejected - 1);
    rowsByEngine.set(engine, only(after, "idem-"));
  });
});

test("SQLite and PostgreSQL store identical rows for the same events", () => {
  expect(rowsByEngine.size).toBe(2);
  expect(rowsByEngine.get("postgres")).toEqual(rowsByEngine.get("sqlite"));
});

describe.each(engines)("ingestNew on %s", (engine) => {
  /** The same deliveries, batch by batch, through `ingest` into one database and `ingestNew` into another. */
  test("the same outcomes, raw log and rows as ingest, for new entities, stored ones and repeats in a batch; replay rebuilds them", async () => {
    const list = events("new-");
    const bad = { type: "team", name: "new-bad", colour: "red" };
    const batches = [
      // new entities, one of them twice in the batch (the build's two versions)
      [list[0], list[1], list[2], list[3], list[5], list[6], list[7]],
      // stored entities updated (the pull request, the deployment), a new entity three times in the batch (the
      // incident), a delivery repeated in the batch, one already logged, and a rejected one
      [list[4], list[8], list[9], list[10], list[11], list[12], list[8], list[0], bad],
      // everything again (duplicates), and a stored entity told something old
      [...list, { ...list[3], updatedAt: iso(-200) }],
    ];
    const [plain, fresh] = [
      await openStore(await freshDatabaseUrl(engine)),
      await openStore(await freshDatabaseUrl(engine)),
    ];
    try {
      const clock = { now: () => T0 + 86_400_000 };
      const viaIngest: IngestContext = { queue: createWriteQueue(plain), clock };
      const viaNew: IngestContext = { queue: createWriteQueue(fresh, { expectNew: true }), clock };
      for (const batch of batches) {
        const a = await ingestItems(viaIngest, items(batch), { source: "api" });
        const b = await ingestItems(viaNew, items(batch), { source: "api" });
        expect(b).toEqual(a);
      }
      const rows = await plain.entityRows();
      expect(rows.incidents).toHaveLength(1);
      expect(await fresh.entityRows()).toEqual(rows);
      const all = { limit: 1000 };
      expect(await fresh.rawRecords(all)).toEqual(await plain.rawRecords(all));
      await fresh.replay(validateRaw);
      expect(await fresh.entityRows()).toEqual(rows);
    } finally {
      await plain.close();
      await fresh.close();
    }
  });
});
