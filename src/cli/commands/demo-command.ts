import type { Command } from "commander";
import { type DemoOptions, generateDemo } from "../../demo/generate-demo.js";
import { isInstantProblem, parseInstant } from "../../domain/time.js";
import { StrideError } from "../../errors.js";
import type { DecodedItem } from "../../ingest/decode-body.js";
import type { IngestContext } from "../../ingest/ingest-events.js";
import { ingestStream, type StreamSummary } from "../ingest-stream.js";
import { configFor, print, withStore } from "../runtime.js";
import { describe } from "./ingest-command.js";

const CHUNK = 1000;

/** `stride demo` (declared in ../main.ts, with the defaults of defaultDemoOptions) */
export async function demo(opts: Record<string, string>, command: Command): Promise<void> {
  const config = configFor(command);
  const summary = await withStore(config, (_store, ctx) =>
    writeDemo(ctx, {
      seed: positiveInt(opts.seed, "--seed", 0),
      teams: positiveInt(opts.teams, "--teams", 1),
      services: positiveInt(opts.services, "--services", 1),
      days: positiveInt(opts.days, "--days", 1),
      end: opts.end === undefined ? ctx.clock.now() : instantArg(opts.end, "--end"),
    }),
  );
  print(command, summary, `demo data: ${describe(summary)}`);
}

/** Demo events take the same path as any client's: validated, logged raw, merged. */
export function writeDemo(ctx: IngestContext, options: DemoOptions): Promise<StreamSummary> {
  return ingestStream(ctx, chunked(generateDemo(options)), { source: "demo", label: "demo" });
}

function* chunked(events: Iterable<unknown>): Generator<DecodedItem[]> {
  let chunk: DecodedItem[] = [];
  for (const value of events) {
    chunk.push({ raw: "", value });
    if (chunk.length === CHUNK) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

function instantArg(value: string, flag: string): number {
  const parsed = parseInstant(value);
  if (isInstantProblem(parsed))
    throw new StrideError("invalid_argument", `${flag}: ${parsed.message}`, parsed.hint, flag);
  return parsed;
}

function positiveInt(value: string | undefined, flag: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new StrideError(
      "invalid_argument",
      `${flag} must be a whole number ≥ ${min}, got "${value}"`,
      `e.g. ${flag} ${Math.max(min, 4)}`,
      flag,
    );
  }
  return n;
}
