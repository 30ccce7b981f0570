import type { Command } from "commander";
import { configFor, formatCount, print, withStore } from "../runtime.js";

export function registerDoctor(program: Command): void {
  program
    .command("doctor")
    .description("check the database: connectivity, engine version, pending migrations, stored counts")
    .action(async (_opts: unknown, command: Command) => {
      const config = configFor(command);
      // Opened without migrating, so doctor reports the schema as it finds it.
      const report = await withStore(
        config,
        async (store) => {
          const health = await store.health();
          return { ...health, counts: health.pendingMigrations.length === 0 ? await store.counts() : null };
        },
        { migrate: false },
      );
      const counts = report.counts;
      const stored = counts
        ? [
            `raw log    ${formatCount(counts.raw.accepted)} accepted, ${formatCount(counts.raw.rejected)} rejected`,
            ...Object.entries(counts.entities).map(([table, n]) => `  ${table.padEnd(14)} ${formatCount(n)}`),
          ]
        : ["counts     unavailable until migrations are applied (start `stride serve` once)"];
      print(
        command,
        report,
        [
          `database   ${report.location}`,
          `engine     ${report.version}`,
          `migrations ${report.pendingMigrations.length === 0 ? "current" : `pending: ${report.pendingMigrations.join(", ")}`}`,
          ...stored,
        ].join("\n"),
      );
    });
}
