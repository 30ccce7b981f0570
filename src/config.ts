import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { attributionWindow } from "./domain/events/fields.js";
import { StrideError } from "./errors.js";

/**
 * Configuration is read once, in this order (later wins): defaults, the config file (`--config`,
 * STRIDE_CONFIG, or ./stride.config.json when present), STRIDE_* environment variables, command-line flags.
 * The result is validated and frozen, then passed in; nothing reads process.env elsewhere.
 */

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

/** A list of names: a JSON array in the config file, comma-separated in an environment variable. */
const envList = (fallback: string[]) =>
  z
    .union([
      z.array(z.string().min(1)),
      z.string().transform((s) =>
        s
          .split(",")
          .map((p) => p.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.string().min(1)).min(1))
    .default(fallback);

const configSchema = z.strictObject({
  host: z.string().min(1).default("127.0.0.1"),
  port: z.coerce.number().int().min(0).max(65535).default(7070),
  databaseUrl: z.string().min(1).default("sqlite:./.stride/stride.db"),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  maxBodyBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  maxBatch: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** Environment names that count as production when a service does not list its own. */
  productionEnvironments: envList(["production", "prod", "live"]),
  /** Environment names that are the staging step of the value stream. */
  stagingEnvironments: envList(["staging", "stage", "preprod", "pre-production"]),
  /** Where a change's lead time starts. */
  leadTimeStart: z.enum(["committed", "authored", "first_commit", "merged"]).default("committed"),
  /** How long after a deployment an incident may be blamed on it without naming it; a service may override. */
  attributionWindow: attributionWindow.default("24h"),
  /** Longest window a metrics query may ask for, in days. */
  maxWindowDays: z.coerce.number().int().min(1).max(3660).default(731),
  /** Bearer token required on ingest when set; required to bind anything but loopback. */
  ingestToken: z.string().min(16).optional(),
  /**
   * The key that encrypts webhook connections' HMAC secrets: 32 bytes as base64 or 64 hex digits. When unset, the
   * key file is used (generated on first use). Several instances on one PostgreSQL database must share it.
   */
  secretsKey: z.string().min(1).optional(),
  /** Where the generated key is kept; default `secrets.key` beside the SQLite file, or ./.stride/secrets.key. */
  secretsKeyFile: z.string().min(1).optional(),
});

export type Config = Readonly<z.output<typeof configSchema>>;
export type ConfigInput = Partial<Record<keyof Config, string | number | string[] | undefined>>;

const ENV: Record<keyof Config, string> = {
  host: "STRIDE_HOST",
  port: "STRIDE_PORT",
  databaseUrl: "STRIDE_DATABASE_URL",
  logLevel: "STRIDE_LOG_LEVEL",
  maxBodyBytes: "STRIDE_MAX_BODY_BYTES",
  maxBatch: "STRIDE_MAX_BATCH",
  productionEnvironments: "STRIDE_PRODUCTION_ENVIRONMENTS",
  stagingEnvironments: "STRIDE_STAGING_ENVIRONMENTS",
  leadTimeStart: "STRIDE_LEAD_TIME_START",
  attributionWindow: "STRIDE_ATTRIBUTION_WINDOW",
  maxWindowDays: "STRIDE_MAX_WINDOW_DAYS",
  ingestToken: "STRIDE_INGEST_TOKEN",
  secretsKey: "STRIDE_SECRETS_KEY",
  secretsKeyFile: "STRIDE_SECRETS_KEY_FILE",
};

export interface ConfigSources {
  env?: Record<string, string | undefined>;
  flags?: ConfigInput;
  /** explicit config file path (from --config) */
  file?: string;
  cwd?: string;
}

export function loadConfig(sources: ConfigSources = {}): Config {
  const env = sources.env ?? {};
  const fromFile = readConfigFile(sources.file ?? env.STRIDE_CONFIG, sources.cwd ?? ".");
  const fromEnv: ConfigInput = {};
  for (const [key, variable] of Object.entries(ENV) as [keyof Config, string][]) {
    const value = env[variable];
    if (value !== undefined && value !== "") fromEnv[key] = value;
  }
  const merged = { ...fromFile, ...fromEnv, ...definedOnly(sources.flags ?? {}) };
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") ?? "";
    const variable = ENV[field as keyof Config];
    throw new StrideError(
      "invalid_config",
      `configuration ${field || "file"}: ${issue?.message ?? "invalid"}`,
      variable
        ? `fix --${kebab(field)}, ${variable} or "${field}" in the config file`
        : "see the configuration reference in README.md",
      field,
    );
  }
  const config = parsed.data;
  if (!LOOPBACK.has(config.host) && config.ingestToken === undefined) {
    throw new StrideError(
      "invalid_config",
      `binding ${config.host} exposes Stride beyond this machine without authentication`,
      "set STRIDE_INGEST_TOKEN (16+ characters) to require a bearer token, or bind 127.0.0.1",
      "host",
    );
  }
  return Object.freeze(config);
}

function readConfigFile(path: string | undefined, cwd: string): ConfigInput {
  const file = path ?? (existsSync(resolve(cwd, "stride.config.json")) ? "stride.config.json" : undefined);
  if (file === undefined) return {};
  const full = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(full, "utf8");
  } catch {
    throw new StrideError(
      "invalid_config",
      `cannot read config file ${full}`,
      "check the path given to --config or STRIDE_CONFIG",
    );
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
    return value as ConfigInput;
  } catch (error) {
    throw new StrideError(
      "invalid_config",
      `config file ${full} is not a JSON object: ${(error as Error).message}`,
      'write it as JSON, e.g. {"port": 7070, "databaseUrl": "sqlite:./.stride/stride.db"}',
    );
  }
}

function definedOnly(input: ConfigInput): ConfigInput {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
