import type { Command } from "commander";
import { type Config, type ConfigInput, loadConfig } from "../config.js";
import { systemClock } from "../domain/time.js";
import { type ErrorCode, exitCodeOf, isStrideError } from "../errors.js";
import type { IngestContext } from "../ingest/ingest-events.js";
import { createWriteQueue } from "../ingest/write-queue.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";

/** Options every command accepts (declared on the program). */
export interface GlobalOptions {
  config?: string;
  database?: string;
  json?: boolean;
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

export function configFor(command: Command, flags: ConfigInput = {}): Config {
  const g = globalOptions(command);
  return loadConfig({ env: process.env, file: g.config, flags: { databaseUrl: g.database, ...flags } });
}

/** Opens the store, hands the one ingest path to `work`, and always closes the store. */
export async function withStore<T>(
  config: Config,
  work: (store: Store, ingest: IngestContext) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const store = await openStore(config.databaseUrl, options);
  const queue = createWriteQueue(store);
  try {
    return await work(store, { queue, clock: systemClock });
  } finally {
    await queue.drain();
    await store.close();
  }
}

/** Prints `json` with --json, else `text` (a function when making it costs: numbers formatted for reading). */
export function print(command: Command, json: unknown, text: string | (() => string)): void {
  if (globalOptions(command).json) process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  else process.stdout.write(`${typeof text === "string" ? text : text()}\n`);
}

/** The CLI mapping of the error catalogue: a readable message and hint on stderr, the code's exit status. */
export function reportError(error: unknown, json: boolean): number {
  const body = isStrideError(error)
    ? error.toBody()
    : {
        code: "internal_error" as ErrorCode,
        message: (error as Error)?.message ?? String(error),
        hint: "please report this",
      };
  if (json) process.stderr.write(`${JSON.stringify({ error: body })}\n`);
  else process.stderr.write(`error[${body.code}]: ${body.message}\n  hint: ${body.hint}\n`);
  return exitCodeOf(body.code);
}

export function formatCount(n: number): string {
  return n.toLocaleString("en");
}
