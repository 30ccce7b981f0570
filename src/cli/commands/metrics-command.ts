import type { Command } from "commander";
import { systemClock } from "../../domain/time.js";
import { StrideError } from "../../errors.js";
import { createMetricsService } from "../../metrics/metrics-service.js";
import { breakdownCsv, breakdownTable } from "../format-breakdown.js";
import { metricsCsv, metricsTable } from "../format-metrics.js";
import { configFor, globalOptions, withStore } from "../runtime.js";

export function registerMetrics(program: Command): void {
  program
    .command("metrics")
    .description("the DORA metrics and the signals around them, for a scope and window")
    .option("--team <name>", "only this team's services")
    .option("--service <name>", "only this service")
    .option("--repo <owner/repo>", "only this repository")
    .option("--env <name>", "this environment instead of each service's production environments")
    .option(
      "--from <date>",
      "window start: a date (midnight in --tz) or ISO 8601 with a zone; default 30 days before --to",
    )
    .option("--to <date>", "window end (exclusive); default now")
    .option("--bucket <day|week|month>", "series bucket")
    .option("--tz <zone>", "IANA time zone for dates and buckets (default UTC)")
    .option("--benchmark <year>", "DORA benchmark for tiers: 2021, 2023 (default), 2024")
    .option(
      "--by <service|team>",
      "the key metrics per service or team instead (GET /api/v1/metrics/breakdown)",
    )
    .option("--format <table|csv>", "output format (--json prints the API document)", "table")
    .action(async (opts: Record<string, string | undefined>, command: Command) => {
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
    });
}
