import type { FastifyInstance } from "fastify";
import { formatDuration, formatRate } from "../../domain/format-values.js";
import type { AppContext } from "../app-context.js";

/**
 * The first screen when the dashboard is not built (no dist/web): the key metrics of the last 30 days, what is
 * stored, how to send more, and how to build the dashboard. Kept deliberately small; the numbers come from the
 * same service as the API.
 */
export async function homeRoute(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get("/", { schema: { hide: true } }, async (_request, reply) => {
    const counts = await ctx.store.counts();
    const rows = Object.entries(counts.entities)
      .map(
        ([table, n]) =>
          `<tr><th scope="row">${table.replace("_", " ")}</th><td>${n.toLocaleString("en")}</td></tr>`,
      )
      .join("");
    const doc = await ctx.metrics.getMetrics({});
    const m = doc.metrics;
    const key: [string, string, string | null][] = [
      [
        "Deployment frequency",
        m.deploymentFrequency.count === 0
          ? "no data"
          : `${m.deploymentFrequency.perDay.toFixed(2)} per day (${m.deploymentFrequency.category})`,
        m.deploymentFrequency.tier,
      ],
      [
        "Change lead time",
        m.leadTime.medianSeconds === null ? "no data" : `median ${formatDuration(m.leadTime.medianSeconds)}`,
        m.leadTime.tier,
      ],
      [
        "Change failure rate",
        m.changeFailureRate.rate === null
          ? "no data"
          : `${formatRate(m.changeFailureRate.rate)} (${m.changeFailureRate.failed} of ${m.changeFailureRate.total})`,
        m.changeFailureRate.tier,
      ],
      [
        "Failed deployment recovery",
        m.recoveryTime.medianSeconds === null
          ? "no data"
          : `median ${formatDuration(m.recoveryTime.medianSeconds)}`,
        m.recoveryTime.tier,
      ],
      ["Deployment rework rate", formatRate(m.reworkRate.rate), null],
    ];
    const metricRows = key
      .map(
        ([name, value, tier]) =>
          `<tr><th scope="row">${name}</th><td>${value}</td><td>${tier ?? ""}</td></tr>`,
      )
      .join("");
    const origin = `http://${ctx.config.host}:${ctx.config.port}`;
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Stride</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
table{border-collapse:collapse}th,td{padding:.25rem 1rem;border-bottom:1px solid #ddd;text-align:left}td{text-align:right}
pre{background:#f4f4f4;padding:1rem;overflow:auto}</style></head><body>
<h1>Stride</h1><p>Delivery performance, from the events your tools already send.</p>
<p role="status">The dashboard is not built in this installation: run <code>npm run build</code> and restart Stride.</p>
<h2>The last 30 days</h2><table aria-label="key metrics"><tr><th>metric</th><th>value</th><th>DORA ${doc.benchmark.benchmark} tier</th></tr>${metricRows}
<tr><th scope="row">Overall</th><td></td><td>${doc.tiers.overall ?? "no data"}</td></tr></table>
<p>Every number, its events and its definition: <a href="/api/v1/metrics">/api/v1/metrics</a> · <code>stride metrics</code></p>
<h2>Stored</h2><table aria-label="stored entities">${rows}
<tr><th scope="row">raw deliveries</th><td>${counts.raw.accepted.toLocaleString("en")} accepted, ${counts.raw.rejected.toLocaleString("en")} rejected</td></tr></table>
<h2>Send a deployment</h2><pre>curl -X POST ${origin}/api/v1/events -H 'Content-Type: application/json' \\
  -d '{"type":"deployment","service":"checkout","environment":"production","status":"success","finishedAt":"${new Date(ctx.clock.now()).toISOString()}"}'</pre>
<p>API: <a href="/api/openapi.json">OpenAPI document</a> · health: <a href="/readyz">/readyz</a></p></body></html>`;
    return reply.type("text/html; charset=utf-8").send(html);
  });
}
