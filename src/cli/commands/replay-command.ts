import type { Command } from "commander";
import { validateRaw } from "../../ingest/ingest-events.js";
import { configFor, formatCount, print, withStore } from "../runtime.js";

export function registerReplay(program: Command): void {
  program
    .command("replay")
    .description("rebuild every normalized table from the raw log (revalidating rejected deliveries)")
    .action(async (_opts: unknown, command: Command) => {
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
    });
}
