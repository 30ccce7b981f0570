#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { registerDemo } from "./commands/demo-command.js";
import { registerDoctor } from "./commands/doctor-command.js";
import { registerImport } from "./commands/import-git-command.js";
import { registerIngest } from "./commands/ingest-command.js";
import { registerMetrics } from "./commands/metrics-command.js";
import { registerReplay } from "./commands/replay-command.js";
import { registerServe } from "./commands/serve-command.js";
import { reportError } from "./runtime.js";

const program = new Command()
  .name("stride")
  .description("Stride: delivery performance (DORA) metrics from the events your tools already send")
  .option("--config <file>", "config file (JSON); default ./stride.config.json when present")
  .option("--database <url>", "sqlite:<path> or postgres://… (default sqlite:./.stride/stride.db)")
  .option("--json", "print results as JSON")
  .exitOverride()
  .showHelpAfterError();

registerServe(program);
registerIngest(program);
registerMetrics(program);
registerReplay(program);
registerDoctor(program);
registerDemo(program);
registerImport(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 64;
  } else {
    process.exitCode = reportError(error, program.opts<{ json?: boolean }>().json === true);
  }
}
