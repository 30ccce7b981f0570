import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const PROBE = fileURLToPath(new URL("./metrics-probe.js", import.meta.url));
const CLI = fileURLToPath(new URL("../cli/main.js", import.meta.url));

export interface OrganisationShape {
  teams: number;
  services: number;
  days: number;
  /** end of the generated history and of the measured window */
  end: string;
}

export interface MetricsFigures {
  engine: string;
  changes: number;
  deployments: number;
  productionDeployments: number;
  shipments: number;
  incidents: number;
  services: number;
  scanMs: number;
  loadMs: number;
  linkMs: number;
  firstSummaryMs: number;
  summaryMs: number;
  recentSummaryMs: number;
  firstBreakdownMs: number;
  breakdownMs: number;
  peakRssMb: number;
  prepareSeconds?: number;
}

/** Writes the demo organisation through the product's own ingest path (`stride demo`), unless already there. */
export async function prepare(
  url: string,
  shape: OrganisationShape,
  marker?: string,
): Promise<number | undefined> {
  if (marker !== undefined && existsSync(marker)) return undefined;
  const started = Date.now();
  const args = [
    "demo",
    "--teams",
    `${shape.teams}`,
    "--services",
    `${shape.services}`,
    "--days",
    `${shape.days}`,
  ];
  await run(process.execPath, [CLI, ...args, "--end", shape.end, "--database", url], { maxBuffer: 1 << 24 });
  return (Date.now() - started) / 1000;
}

export async function probe(url: string, shape: OrganisationShape): Promise<MetricsFigures> {
  const { stdout } = await run(process.execPath, [PROBE, url, `${Date.parse(shape.end)}`, `${shape.days}`], {
    maxBuffer: 1 << 24,
  });
  return JSON.parse(stdout) as MetricsFigures;
}
