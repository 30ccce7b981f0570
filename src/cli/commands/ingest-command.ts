import { createReadStream, existsSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { StrideError } from "../../errors.js";
import { type DecodedItem, decodeBody } from "../../ingest/decode-body.js";
import { ingestStream, type StreamSummary } from "../ingest-stream.js";
import { configFor, formatCount, print, withStore } from "../runtime.js";

const CHUNK = 1000;

/** `stride ingest <file>` (declared in ../main.ts) */
export async function ingest(file: string, command: Command): Promise<void> {
  const config = configFor(command);
  const summary = await withStore(config, (_store, ctx) =>
    ingestStream(ctx, readEvents(file), { source: "cli", label: "ingesting" }),
  );
  print(command, summary, describe(summary));
  if (summary.rejected > 0) process.exitCode = 65;
}

/** NDJSON files stream line by line; anything else is read whole and parsed as JSON, else as NDJSON. */
async function* readEvents(file: string): AsyncGenerator<DecodedItem[]> {
  if (file !== "-" && !existsSync(file)) {
    throw new StrideError(
      "file_not_found",
      `no file at ${file}`,
      "give the path of a .json or .ndjson file, or - for stdin",
    );
  }
  if (/\.(ndjson|jsonl)$/i.test(file)) {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
    let chunk: string[] = [];
    for await (const line of lines) {
      if (line.trim() === "") continue;
      chunk.push(line);
      if (chunk.length === CHUNK) {
        yield decodeBody(chunk.join("\n"), "ndjson", CHUNK).items;
        chunk = [];
      }
    }
    if (chunk.length > 0) yield decodeBody(chunk.join("\n"), "ndjson", CHUNK).items;
    return;
  }
  const text = file === "-" ? readFileSync(0, "utf8") : readFileSync(file, "utf8");
  // Whole-file JSON first; a file that is not one JSON document is read as NDJSON (parsed once either way).
  const whole = decodeBody(text, "json", Number.MAX_SAFE_INTEGER);
  const unparsed = whole.single && whole.items[0] !== undefined && "parseError" in whole.items[0];
  const { items } = unparsed ? decodeBody(text, "ndjson", Number.MAX_SAFE_INTEGER) : whole;
  for (let i = 0; i < items.length; i += CHUNK) yield items.slice(i, i + CHUNK);
}

export function describe(summary: StreamSummary): string {
  const lines = [
    `accepted ${formatCount(summary.accepted)}, duplicate ${formatCount(summary.duplicate)}, rejected ${formatCount(summary.rejected)}`,
  ];
  for (const r of summary.rejections) {
    lines.push(`  event ${r.position}: [${r.error.code}] ${r.error.message}\n    hint: ${r.error.hint}`);
  }
  if (summary.rejected > summary.rejections.length) {
    lines.push(`  … and ${formatCount(summary.rejected - summary.rejections.length)} more rejected`);
  }
  return lines.join("\n");
}
