import type { Command } from "commander";
import { systemClock } from "../../domain/time.js";
import { StrideError } from "../../errors.js";
import { createMetricsService } from "../../metrics/metrics-service.js";
import { breakdownCsv, breakdownTable } from "../format-breakdown.js";
import { metricsCsv, metricsTable } from "../format-metrics.js";
import { configFor, globalOptions, withStore } from "../runtime.js";

/** `stride metrics` (declared in ../main.ts) */
export async function metrics(opts: Record<string, string | undefined>, command: Command): Promise<void> {
  const { format, by, ...query } = opts;
  if (format !== "table" && format !== "csv") {
    throw new StrideError(
      "invalid_argument",
      `--format must be table or csv, got "${format}"`,
      "use --format table, --format csv, or --json",
      "--format",
    );
  }
  const config = configFor(command);
  const raw = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
  const json = globalOptions(command).json === true;
  const out = await withStore(config, async (store) => {
    const service = createMetricsService({ store, config, clock: systemClock });
    if (by !== undefined) {
      const breakdown = await service.getBreakdown({ ...raw, by });
      if (json) return JSON.stringify(breakdown, null, 2);
      return format === "csv" ? breakdownCsv(breakdown) : breakdownTable(breakdown);
    }
    const doc = await service.getMetrics(raw);
    if (json) return JSON.stringify(doc, null, 2);
    return format === "csv" ? metricsCsv(doc) : metricsTable(doc);
  });
  process.stdout.write(`${out}\n`);
}
