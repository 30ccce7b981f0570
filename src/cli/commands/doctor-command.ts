import type { Command } from "commander";
import type { Config } from "../../config.js";
import { type ConnectionStatus, connectionStatuses } from "../../connections/manage-connections.js";
import { systemClock } from "../../domain/time.js";
import { configFor, formatCount, print, withStore } from "../runtime.js";
import { describeStatus } from "./connections-command.js";

/** `stride doctor` (declared in ../main.ts) */
export async function doctor(command: Command): Promise<void> {
  const config = configFor(command);
  // Opened without migrating, so doctor reports the schema as it finds it.
  const report = await withStore(
    config,
    async (store) => {
      const health = await store.health();
      const current = health.pendingMigrations.length === 0;
      return {
        ...health,
        counts: current ? await store.counts() : null,
        // Per webhook connection: last delivery, counts by outcome and reason.
        connections: current ? await connectionStatuses({ store, config, clock: systemClock }) : null,
      };
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
      ...connectionLines(config, report.connections),
    ].join("\n"),
  );
}

function connectionLines(config: Config, connections: ConnectionStatus[] | null): string[] {
  if (connections === null) return [];
  if (connections.length === 0) return ["webhooks   no connections (stride connections add <source> <name>)"];
  return ["webhooks", ...connections.map((c) => describeStatus(config, c).replace(/^/gm, "  "))];
}
