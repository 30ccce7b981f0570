import type { Command } from "commander";
import { validateRaw } from "../../ingest/ingest-events.js";
import { configFor, formatCount, print, withStore } from "../runtime.js";

/** `stride replay` (declared in ../main.ts) */
export async function replay(command: Command): Promise<void> {
  const config = configFor(command);
  const started = Date.now();
  const summary = await withStore(config, (store) => store.replay(validateRaw));
  const seconds = (Date.now() - started) / 1000;
  print(
    command,
    { ...summary, seconds },
    `replayed ${formatCount(summary.records)} raw records in ${seconds.toFixed(1)} s: ` +
      `${formatCount(summary.accepted)} applied, ${formatCount(summary.rejected)} still rejected` +
      (summary.recovered > 0 ? `, ${formatCount(summary.recovered)} recovered` : ""),
  );
}
