import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Config } from "../config.js";
import type { Clock } from "../domain/time.js";
import { toIso } from "../domain/time.js";
import { StrideError } from "../errors.js";
import { sourceNamed, sources } from "../sources/registry.js";
import type { Source } from "../sources/source.js";
import type { ConnectionRow, CounterRow, DeliveryOutcome } from "../store/connections-store.js";
import type { Store } from "../store/store.js";
import { forgetConnection } from "./connection-cache.js";
import { hashToken, loadSecretBox } from "./secret-box.js";

/**
 * Webhook connections: one per source and name, each with its own secret and settings. One function per action
 * (`addConnection({ctx, input})`…); the CLI (`stride connections`) and the API (/api/v1/connections) are thin
 * transports over these.
 */

export interface ConnectionsContext {
  store: Store;
  config: Config;
  clock: Clock;
}

export interface ConnectionView {
  source: string;
  name: string;
  /** where the source posts: POST <Stride's URL><webhookPath> */
  webhookPath: string;
  secretScheme: "hmac" | "token";
  /** the settings with defaults applied */
  settings: Record<string, unknown>;
  createdAt: string;
  rotatedAt: string | null;
  /** the previous secret is accepted until then (a rotation's grace period) */
  previousSecretUntil: string | null;
}

export interface ConnectionStatus extends ConnectionView {
  lastDeliveryAt: string | null;
  counts: { accepted: number; duplicate: number; ignored: number; rejected: number };
  /** per outcome and code, most frequent first */
  reasons: { outcome: DeliveryOutcome; code: string; count: number; lastAt: string }[];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const SECRET_MIN = 16;
const SECRET_MAX = 1024;
const MAX_GRACE_SECONDS = 30 * 86_400;

const nameInput = z
  .string()
  .regex(NAME, "1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit");

export function connectionId(source: string, name: string): string {
  return `${source}/${name}`;
}

function sourceOf(name: string): Source {
  const source = sourceNamed(name);
  if (source === undefined) {
    throw new StrideError(
      "unknown_source",
      `"${name}" is not a webhook source Stride has`,
      `use one of: ${sources.map((s) => s.name).join(", ")}`,
      "source",
    );
  }
  return source;
}

function checkName(name: string): string {
  const parsed = nameInput.safeParse(name);
  if (!parsed.success) {
    throw new StrideError(
      "invalid_argument",
      `connection name "${name}": ${parsed.error.issues[0]?.message ?? "invalid"}`,
      "name it after the organisation, group or team it serves, e.g. acme or payments",
      "name",
    );
  }
  return parsed.data;
}

function checkSecret(secret: string | undefined): { secret: string; generated: boolean } {
  if (secret === undefined) return { secret: randomBytes(24).toString("base64url"), generated: true };
  if (secret.length < SECRET_MIN || secret.length > SECRET_MAX) {
    throw new StrideError(
      "invalid_secret",
      `the secret has ${secret.length} characters; it needs ${SECRET_MIN} to ${SECRET_MAX}`,
      "omit --secret and Stride generates one, or use a longer random secret",
      "secret",
    );
  }
  return { secret, generated: false };
}

function checkSettings(source: Source, input: unknown): Record<string, unknown> {
  const checked = source.checkSettings(input);
  if (!checked.ok) {
    throw new StrideError(checked.error.code, checked.error.message, checked.error.hint, checked.error.field);
  }
  return checked.settings;
}

async function existing(ctx: ConnectionsContext, source: Source, name: string): Promise<ConnectionRow> {
  const row = await ctx.store.connections.get(connectionId(source.name, name));
  if (row === undefined) {
    throw new StrideError(
      "unknown_connection",
      `there is no ${source.title} connection named "${name}"`,
      `stride connections list shows them; stride connections add ${source.name} ${name} creates it`,
      "name",
    );
  }
  return row;
}

function storedSecret(ctx: ConnectionsContext, source: Source, id: string, secret: string): string {
  if (source.secretScheme === "token") return hashToken(secret);
  return loadSecretBox(ctx.config, { create: true }).seal(id, secret);
}

function view(row: ConnectionRow, now: number): ConnectionView {
  const source = sourceOf(row.source);
  const checked = source.checkSettings(row.settings);
  return {
    source: row.source,
    name: row.name,
    webhookPath: `/webhooks/${row.source}/${row.name}`,
    secretScheme: source.secretScheme,
    settings: checked.ok ? checked.settings : row.settings,
    createdAt: toIso(row.createdAt),
    rotatedAt: row.rotatedAt === null ? null : toIso(row.rotatedAt),
    previousSecretUntil:
      row.previousSecret !== null && row.previousUntil !== null && row.previousUntil > now
        ? toIso(row.previousUntil)
        : null,
  };
}

export interface AddInput {
  source: string;
  name: string;
  /** omitted: Stride generates one and answers it (once) */
  secret?: string | undefined;
  settings?: Record<string, unknown> | undefined;
}

export async function addConnection(ctx: ConnectionsContext, input: AddInput) {
  const source = sourceOf(input.source);
  const name = checkName(input.name);
  const { secret, generated } = checkSecret(input.secret);
  const settings = input.settings ?? {};
  checkSettings(source, settings);
  const id = connectionId(source.name, name);
  const now = ctx.clock.now();
  const row: ConnectionRow = {
    id,
    source: source.name,
    name,
    secret: storedSecret(ctx, source, id, secret),
    previousSecret: null,
    previousUntil: null,
    settings,
    createdAt: now,
    rotatedAt: null,
  };
  forgetConnection(ctx.store, id);
  if (!(await ctx.store.connections.create(row))) {
    throw new StrideError(
      "connection_exists",
      `a ${source.title} connection named "${name}" exists`,
      `stride connections rotate ${source.name} ${name} gives it a new secret; or choose another name`,
      "name",
    );
  }
  return { connection: view(row, now), secret: generated ? secret : undefined };
}

export async function listConnections(ctx: ConnectionsContext): Promise<ConnectionView[]> {
  const now = ctx.clock.now();
  return (await ctx.store.connections.list()).filter((r) => sourceNamed(r.source)).map((r) => view(r, now));
}

export interface RotateInput {
  source: string;
  name: string;
  secret?: string | undefined;
  /** how long the previous secret stays valid (default 0: at once) */
  graceSeconds?: number | undefined;
}

export async function rotateConnection(ctx: ConnectionsContext, input: RotateInput) {
  const source = sourceOf(input.source);
  const row = await existing(ctx, source, checkName(input.name));
  const { secret, generated } = checkSecret(input.secret);
  const grace = input.graceSeconds ?? 0;
  if (!Number.isInteger(grace) || grace < 0 || grace > MAX_GRACE_SECONDS) {
    throw new StrideError(
      "invalid_argument",
      `grace period ${grace} s is not between 0 and ${MAX_GRACE_SECONDS} s (30 days)`,
      "give whole seconds, e.g. 3600 for an hour",
      "graceSeconds",
    );
  }
  const now = ctx.clock.now();
  const patch = {
    secret: storedSecret(ctx, source, row.id, secret),
    previousSecret: grace > 0 ? row.secret : null,
    previousUntil: grace > 0 ? now + grace * 1000 : null,
    rotatedAt: now,
  };
  await ctx.store.connections.update(row.id, patch);
  forgetConnection(ctx.store, row.id);
  return { connection: view({ ...row, ...patch }, now), secret: generated ? secret : undefined };
}

export interface ConfigureInput {
  source: string;
  name: string;
  /** merged into the stored settings; a null value removes that setting (back to its default) */
  settings: Record<string, unknown>;
}

export async function configureConnection(ctx: ConnectionsContext, input: ConfigureInput) {
  const source = sourceOf(input.source);
  const row = await existing(ctx, source, checkName(input.name));
  const settings: Record<string, unknown> = { ...row.settings };
  for (const [key, value] of Object.entries(input.settings)) {
    if (value === null) delete settings[key];
    else settings[key] = value;
  }
  checkSettings(source, settings);
  await ctx.store.connections.update(row.id, { settings });
  forgetConnection(ctx.store, row.id);
  return view({ ...row, settings }, ctx.clock.now());
}

export async function removeConnection(ctx: ConnectionsContext, input: { source: string; name: string }) {
  const source = sourceOf(input.source);
  const row = await existing(ctx, source, checkName(input.name));
  await ctx.store.connections.remove(row.id);
  forgetConnection(ctx.store, row.id);
}

/** Every connection with its counts by outcome and reason, and its last delivery (`stride doctor`, the API). */
export async function connectionStatuses(ctx: ConnectionsContext): Promise<ConnectionStatus[]> {
  const [connections, counters] = await Promise.all([listConnections(ctx), ctx.store.connections.counters()]);
  const byConnection = new Map<string, CounterRow[]>();
  for (const c of counters) {
    const list = byConnection.get(c.connectionId);
    if (list === undefined) byConnection.set(c.connectionId, [c]);
    else list.push(c);
  }
  return connections.map((connection) => {
    const rows = byConnection.get(connectionId(connection.source, connection.name)) ?? [];
    const counts = { accepted: 0, duplicate: 0, ignored: 0, rejected: 0 };
    let last: number | null = null;
    for (const r of rows) {
      counts[r.outcome] += r.count;
      last = last === null ? r.lastAt : Math.max(last, r.lastAt);
    }
    return {
      ...connection,
      lastDeliveryAt: last === null ? null : toIso(last),
      counts,
      reasons: rows
        .filter((r) => r.code !== "")
        .map((r) => ({ outcome: r.outcome, code: r.code, count: r.count, lastAt: toIso(r.lastAt) })),
    };
  });
}

export async function connectionDeliveries(
  ctx: ConnectionsContext,
  input: { source: string; name: string; limit: number; outcome?: DeliveryOutcome | undefined },
) {
  const source = sourceOf(input.source);
  const row = await existing(ctx, source, checkName(input.name));
  const rows = await ctx.store.connections.deliveries(row.id, {
    limit: Math.min(Math.max(input.limit, 1), 1000),
    ...(input.outcome === undefined ? {} : { outcome: input.outcome }),
  });
  return rows.map(({ connectionId: _id, receivedAt, ...rest }) => ({
    ...rest,
    receivedAt: toIso(receivedAt),
  }));
}
