import type { Command } from "commander";
import type { Config } from "../../config.js";
import {
  addConnection,
  type ConnectionStatus,
  type ConnectionsContext,
  type ConnectionView,
  configureConnection,
  connectionDeliveries,
  connectionStatuses,
  removeConnection,
  rotateConnection,
} from "../../connections/manage-connections.js";
import { systemClock } from "../../domain/time.js";
import { StrideError } from "../../errors.js";
import type { DeliveryOutcome } from "../../store/connections-store.js";
import { configFor, formatCount, print, withStore } from "../runtime.js";

/** `stride connections …` (declared in ../main.ts): webhook connections, as /api/v1/connections manages them. */

export interface AddFlags {
  secret?: string;
  set?: string[];
}

export interface RotateFlags {
  secret?: string;
  grace?: string;
}

export interface DeliveriesFlags {
  limit?: string;
  outcome?: string;
}

function run<T>(command: Command, work: (ctx: ConnectionsContext) => Promise<T>): Promise<T> {
  const config = configFor(command);
  return withStore(config, (store) => work({ store, config, clock: systemClock }));
}

export async function add(source: string, name: string, flags: AddFlags, command: Command): Promise<void> {
  const settings = parseSettings(flags.set ?? []);
  const result = await run(command, (ctx) =>
    addConnection(ctx, { source, name, secret: flags.secret, settings }),
  );
  const config = configFor(command);
  print(
    command,
    { ...result, url: urlOf(config, result.connection) },
    [
      `added ${result.connection.source} connection ${result.connection.name}`,
      `  webhook URL  ${urlOf(config, result.connection)}  (use Stride's public address if it differs)`,
      result.secret === undefined
        ? "  secret       as given (stored encrypted or hashed; Stride never shows it)"
        : `  secret       ${result.secret}  (generated: copy it now, Stride never shows it again)`,
      `  set up       docs/sources/${result.connection.source}.md`,
    ].join("\n"),
  );
}

export async function list(command: Command): Promise<void> {
  const statuses = await run(command, (ctx) => connectionStatuses(ctx));
  const config = configFor(command);
  if (statuses.length === 0) {
    print(
      command,
      { connections: [] },
      "no connections; add one with: stride connections add <source> <name>",
    );
    return;
  }
  print(
    command,
    { connections: statuses.map((s) => ({ ...s, url: urlOf(config, s) })) },
    statuses.map((s) => describeStatus(config, s)).join("\n"),
  );
}

export async function rotate(
  source: string,
  name: string,
  flags: RotateFlags,
  command: Command,
): Promise<void> {
  const graceSeconds = flags.grace === undefined ? undefined : durationSeconds(flags.grace);
  const result = await run(command, (ctx) =>
    rotateConnection(ctx, { source, name, secret: flags.secret, graceSeconds }),
  );
  print(
    command,
    result,
    [
      `rotated the secret of ${result.connection.source}/${result.connection.name}`,
      result.secret === undefined
        ? "  secret       as given"
        : `  secret       ${result.secret}  (copy it now)`,
      result.connection.previousSecretUntil === null
        ? "  the previous secret no longer verifies"
        : `  the previous secret verifies until ${result.connection.previousSecretUntil}`,
    ].join("\n"),
  );
}

export async function configure(
  source: string,
  name: string,
  pairs: string[],
  command: Command,
): Promise<void> {
  const settings = parseSettings(pairs, true);
  const connection = await run(command, (ctx) => configureConnection(ctx, { source, name, settings }));
  print(
    command,
    { connection },
    `settings of ${connection.source}/${connection.name}:\n${describeSettings(connection.settings)}`,
  );
}

export async function remove(source: string, name: string, command: Command): Promise<void> {
  await run(command, (ctx) => removeConnection(ctx, { source, name }));
  print(command, { removed: `${source}/${name}` }, `removed ${source}/${name} (the events it brought stay)`);
}

export async function deliveries(source: string, name: string, flags: DeliveriesFlags, command: Command) {
  const limit = flags.limit === undefined ? 20 : Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new StrideError(
      "invalid_argument",
      `--limit ${flags.limit} is not a positive whole number`,
      "e.g. --limit 50",
      "limit",
    );
  }
  const outcomes = ["accepted", "duplicate", "ignored", "rejected"];
  if (flags.outcome !== undefined && !outcomes.includes(flags.outcome)) {
    throw new StrideError(
      "invalid_argument",
      `--outcome ${flags.outcome} is not an outcome`,
      `one of ${outcomes.join(", ")}`,
      "outcome",
    );
  }
  const rows = await run(command, (ctx) =>
    connectionDeliveries(ctx, { source, name, limit, outcome: flags.outcome as DeliveryOutcome | undefined }),
  );
  print(
    command,
    { deliveries: rows },
    rows.length === 0
      ? "no deliveries yet"
      : rows
          .map(
            (r) =>
              `${r.receivedAt}  ${r.outcome.padEnd(9)} ${(r.eventType ?? "-").padEnd(28)} ${r.deliveryId}` +
              (r.code === null ? "" : `\n    [${r.code}] ${r.reason ?? ""}`),
          )
          .join("\n"),
  );
}

/** Per connection: its URL, last delivery and counts by outcome and reason (also `stride doctor`). */
export function describeStatus(config: Config, s: ConnectionStatus): string {
  const counts = `accepted ${formatCount(s.counts.accepted)}, duplicate ${formatCount(s.counts.duplicate)}, ignored ${formatCount(s.counts.ignored)}, rejected ${formatCount(s.counts.rejected)}`;
  return [
    `${s.source}/${s.name}  ${urlOf(config, s)}`,
    `  last delivery ${s.lastDeliveryAt ?? "never"}; ${counts}`,
    ...s.reasons.map(
      (r) =>
        `    ${r.outcome.padEnd(8)} ${r.code.padEnd(20)} ${formatCount(r.count).padStart(7)}  last ${r.lastAt}`,
    ),
  ].join("\n");
}

function urlOf(config: Config, c: Pick<ConnectionView, "webhookPath">): string {
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}${c.webhookPath}`;
}

function describeSettings(settings: Record<string, unknown>): string {
  return Object.entries(settings)
    .map(([key, value]) => `  ${key.padEnd(18)} ${JSON.stringify(value)}`)
    .join("\n");
}

/**
 * `key=value` pairs; a value that is JSON (true, 3, ["a","b"], {"acme/web":"web"}) is read as JSON, anything else
 * as text. With `allowUnset`, `key=` restores the default.
 */
export function parseSettings(pairs: readonly string[], allowUnset = false): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0) {
      throw new StrideError(
        "invalid_argument",
        `"${pair}" is not key=value`,
        'e.g. --set deployPattern="deploy*" or --set releaseDeployments=true',
        "set",
      );
    }
    const key = pair.slice(0, at);
    const text = pair.slice(at + 1);
    if (text === "" && allowUnset) {
      settings[key] = null;
      continue;
    }
    try {
      settings[key] = JSON.parse(text);
    } catch {
      settings[key] = text;
    }
  }
  return settings;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

function durationSeconds(text: string): number {
  const m = /^(\d{1,7})([smhd]?)$/.exec(text.trim());
  if (m === null) {
    throw new StrideError(
      "invalid_argument",
      `--grace ${text} is not a duration`,
      "e.g. --grace 1h, 30m, 2d or 600 (seconds)",
      "grace",
    );
  }
  return Number(m[1]) * (UNIT_SECONDS[m[2] || "s"] ?? 1);
}
