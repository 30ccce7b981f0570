import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { loadConfig } from "../config.js";
import { addConnection } from "../connections/manage-connections.js";
import { systemClock } from "../domain/time.js";
import { createAppContext } from "../server/app-context.js";
import { buildApp } from "../server/build-app.js";
import { github } from "../sources/github/index.js";
import { pagerduty } from "../sources/pagerduty/index.js";
import type { Source } from "../sources/source.js";
import { hmacSha256 } from "../sources/verify.js";
import { openStore } from "../store/open-store.js";

/**
 * Webhook deliveries through the full path (verify, decode, map, ingest, delivery log) against Stride's own
 * POST /api/v1/events receiving the same events, on SQLite: signed GitHub pushes of 20 commits (vs. the 20 change
 * events as one JSON array) and PagerDuty incident.triggered deliveries (vs. one incident event). Load comes from a
 * separate process; the figure is deliveries per second, and the ratio of the webhook to the API.
 */

const run = promisify(execFile);
const CLIENT = fileURLToPath(new URL("./sources-load-client.js", import.meta.url));

export interface SourcesShape {
  pushes: number;
  commitsPerPush: number;
  incidents: number;
  concurrency: number;
  /** each side runs this many times; the median is reported */
  rounds: number;
}

interface Request {
  path: string;
  headers: Record<string, string>;
  body: string;
}

interface LoadResult {
  seconds: number;
  requests: number;
  failed: number;
}

export interface SourcesFigures {
  shape: SourcesShape;
  rows: { workload: string; webhook: LoadResult; api: LoadResult }[];
}

const SECRET = "bench-webhook-secret-0123456789";
const T0 = Date.UTC(2026, 0, 1);

function hex(n: number, salt: string): string {
  return `${salt}${n.toString(16)}`.padStart(40, "0").slice(-40);
}

/** A GitHub push of `commits` new commits on main, continuing the previous push. */
function pushPayload(i: number, commits: number): Record<string, unknown> {
  const sha = (k: number) => hex(i * commits + k + 1, "c");
  const list = Array.from({ length: commits }, (_, k) => ({
    id: sha(k),
    tree_id: hex(k, "7"),
    distinct: true,
    message: `Change ${i}.${k}: adjust the checkout totals\n\nLonger description of the change.`,
    timestamp: new Date(T0 + (i * commits + k) * 60_000).toISOString(),
    url: `https://github.com/acme/shop/commit/${sha(k)}`,
    author: { name: "Ana Dev", email: "ana@example.com", username: "ana" },
    committer: { name: "GitHub", email: "noreply@github.com", username: "web-flow" },
    added: [`src/module-${k}.ts`],
    removed: [],
    modified: ["src/totals.ts", "README.md"],
  }));
  return {
    ref: "refs/heads/main",
    before: i === 0 ? "0".repeat(40) : hex(i * commits, "c"),
    after: sha(commits - 1),
    created: false,
    deleted: false,
    forced: false,
    compare: "https://github.com/acme/shop/compare/a...b",
    commits: list,
    head_commit: list.at(-1),
    repository: { id: 1, name: "shop", full_name: "acme/shop", created_at: 1_557_933_565, private: true },
    pusher: { name: "ana", email: "ana@example.com" },
    sender: { login: "ana", id: 1 },
  };
}

function incidentPayload(i: number): Record<string, unknown> {
  const at = new Date(T0 + i * 600_000).toISOString();
  return {
    event: {
      id: `01EVT${i}`,
      event_type: "incident.triggered",
      resource_type: "incident",
      occurred_at: at,
      agent: null,
      client: null,
      data: {
        id: `PINC${i}`,
        type: "incident",
        number: i,
        status: "triggered",
        title: `Checkout 5xx above 2% (${i})`,
        created_at: at,
        service: { id: "PSVC1", summary: "checkout", type: "service_reference" },
        urgency: "high",
        priority: null,
      },
    },
  };
}

/** The webhook request of a payload, and the API request of the events it maps to. */
function pair(
  source: Source,
  payload: unknown,
  headers: Record<string, string>,
  id: string,
): [Request, Request] {
  const body = JSON.stringify(payload);
  const digest = hmacSha256(Buffer.from(SECRET), Buffer.from(body)).toString("hex");
  const signed: Record<string, string> =
    source.name === "github"
      ? { "x-hub-signature-256": `sha256=${digest}`, "x-github-delivery": id }
      : { "x-pagerduty-signature": `v1=${digest}`, "x-webhook-id": id };
  const result = source.map({ headers, body: payload, deliveryId: id }, {});
  if (result.outcome !== "events") throw new Error(`bench payload does not map: ${JSON.stringify(result)}`);
  const events = result.events.length === 1 ? result.events[0] : result.events;
  return [
    {
      path: `/webhooks/${source.name}/bench`,
      headers: { "content-type": "application/json", ...headers, ...signed },
      body,
    },
    { path: "/api/v1/events", headers: { "content-type": "application/json" }, body: JSON.stringify(events) },
  ];
}

async function load(url: string, file: string, concurrency: number): Promise<LoadResult> {
  const { stdout } = await run(process.execPath, [CLIENT, url, file, String(concurrency)], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout) as LoadResult;
}

/** A server on a fresh SQLite database, with the bench's connections. */
async function serve(databaseUrl: string) {
  const config = loadConfig({
    env: {},
    flags: { databaseUrl, logLevel: "silent", secretsKey: randomBytes(32).toString("base64") },
  });
  const store = await openStore(config.databaseUrl);
  const ctx = createAppContext(config, store, systemClock);
  for (const source of ["github", "pagerduty"]) {
    await addConnection({ store, config, clock: systemClock }, { source, name: "bench", secret: SECRET });
  }
  const app = await buildApp(ctx);
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  return {
    url,
    async close() {
      await app.close();
      await ctx.queue.drain();
      await ctx.metrics.close();
      await store.close();
    },
  };
}

export async function benchSources(dir: string, shape: SourcesShape): Promise<SourcesFigures> {
  const pushes = Array.from({ length: shape.pushes }, (_, i) =>
    pair(github, pushPayload(i, shape.commitsPerPush), { "x-github-event": "push" }, `push-${i}`),
  );
  const incidents = Array.from({ length: shape.incidents }, (_, i) =>
    pair(pagerduty, incidentPayload(i), {}, `incident-${i}`),
  );
  const rows: SourcesFigures["rows"] = [];
  let n = 0;
  for (const [workload, pairs] of [
    [`GitHub push (${shape.commitsPerPush} commits)`, pushes],
    ["PagerDuty incident.triggered", incidents],
  ] as const) {
    const files = ([0, 1] as const).map((side) => {
      const file = join(dir, `sources-${n}-${side}.ndjson`);
      writeFileSync(file, `${pairs.map((p) => JSON.stringify(p[side])).join("\n")}\n`);
      return file;
    });
    // Rounds alternate webhook and API, each on a fresh database; the median round is reported (shared machines).
    const runs: [LoadResult[], LoadResult[]] = [[], []];
    for (let round = 0; round < shape.rounds; round++) {
      for (const side of [0, 1] as const) {
        const server = await serve(`sqlite:${join(dir, `sources-${n++}.db`)}`);
        try {
          runs[side].push(await load(server.url, files[side] as string, shape.concurrency));
        } finally {
          await server.close();
        }
      }
    }
    rows.push({ workload, webhook: median(runs[0]), api: median(runs[1]) });
  }
  return { shape, rows };
}

function median(results: LoadResult[]): LoadResult {
  const sorted = [...results].sort((a, b) => a.seconds - b.seconds);
  return sorted[Math.floor(sorted.length / 2)] as LoadResult;
}

export function reportSources(figures: SourcesFigures): void {
  const rate = (r: LoadResult) => r.requests / r.seconds;
  const fmt = (n: number) => Math.round(n).toLocaleString("en").padStart(8);
  console.log(
    `\nWebhooks vs Stride's own API on SQLite (deliveries/s; ${figures.shape.concurrency} connections from a separate process)\n`,
  );
  console.log(`${"workload".padEnd(32)} ${"webhook".padStart(8)} ${"API".padStart(8)}  ratio  failed`);
  for (const r of figures.rows) {
    console.log(
      `${r.workload.padEnd(32)} ${fmt(rate(r.webhook))} ${fmt(rate(r.api))}  ${(rate(r.webhook) / rate(r.api)).toFixed(2).padStart(5)}  ${r.webhook.failed + r.api.failed}`,
    );
  }
  console.log(`\n${JSON.stringify(figures)}`);
}
