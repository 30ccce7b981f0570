#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { defaultDemoOptions } from "../demo/generate-demo.js";
import { setHeapFlags } from "../runtime/heap-flags.js";
import type { AddFlags, DeliveriesFlags, RotateFlags } from "./commands/connections-command.js";
import type { ImportGitFlags } from "./commands/import-git-command.js";
import type { ServeFlags } from "./commands/serve-command.js";

setHeapFlags();

/**
 * The commands are declared here, cheaply: each one's implementation (the store, the HTTP server, git, the
 * metrics engine) is imported only when that command runs, so `stride --help` and every command start without
 * loading the others' modules.
 */
const program = new Command()
  .name("stride")
  .description("Stride: delivery performance (DORA) metrics from the events your tools already send")
  .option("--config <file>", "config file (JSON); default ./stride.config.json when present")
  .option("--database <url>", "sqlite:<path> or postgres://… (default sqlite:./.stride/stride.db)")
  .option("--json", "print results as JSON")
  .exitOverride()
  .showHelpAfterError();

program
  .command("serve")
  .description("start the HTTP server (migrates the database first)")
  .option("--host <host>", "address to bind (default 127.0.0.1)")
  .option("--port <port>", "port to listen on (default 7070)")
  .option("--demo-if-empty", "write demo data first when the database holds no events")
  .action(async (opts: ServeFlags, command: Command) =>
    (await import("./commands/serve-command.js")).serve(opts, command),
  );

program
  .command("ingest")
  .description("ingest events from a JSON or NDJSON file (or - for standard input) through the ingest path")
  .argument("<file>", "a .json file (one event or an array), an .ndjson/.jsonl file, or - for stdin")
  .action(async (file: string, _opts: unknown, command: Command) =>
    (await import("./commands/ingest-command.js")).ingest(file, command),
  );

program
  .command("metrics")
  .description("the DORA metrics and the signals around them, for a scope and window")
  .option("--team <name>", "only this team's services")
  .option("--service <name>", "only this service")
  .option("--repo <owner/repo>", "only this repository")
  .option("--env <name>", "this environment instead of each service's production environments")
  .option(
    "--from <date>",
    "window start: a date (midnight in --tz) or ISO 8601 with a zone; default 30 days before --to",
  )
  .option("--to <date>", "window end (exclusive); default now")
  .option("--bucket <day|week|month>", "series bucket")
  .option("--tz <zone>", "IANA time zone for dates and buckets (default UTC)")
  .option("--benchmark <year>", "DORA benchmark for tiers: 2021, 2023 (default), 2024")
  .option(
    "--by <service|team>",
    "the key metrics per service or team instead (GET /api/v1/metrics/breakdown)",
  )
  .option("--format <table|csv>", "output format (--json prints the API document)", "table")
  .action(async (opts: Record<string, string | undefined>, command: Command) =>
    (await import("./commands/metrics-command.js")).metrics(opts, command),
  );

program
  .command("replay")
  .description("rebuild every normalized table from the raw log (revalidating rejected deliveries)")
  .action(async (_opts: unknown, command: Command) =>
    (await import("./commands/replay-command.js")).replay(command),
  );

program
  .command("doctor")
  .description("check the database: connectivity, engine version, pending migrations, stored counts")
  .action(async (_opts: unknown, command: Command) =>
    (await import("./commands/doctor-command.js")).doctor(command),
  );

program
  .command("demo")
  .description("write a realistic synthetic organisation (deterministic for a seed) through the ingest path")
  .option("--seed <n>", "random seed", String(defaultDemoOptions.seed))
  .option("--teams <n>", "number of teams", String(defaultDemoOptions.teams))
  .option("--services <n>", "number of services", String(defaultDemoOptions.services))
  .option("--days <n>", "days of history, ending at --end", String(defaultDemoOptions.days))
  .option("--end <instant>", "end of the generated period (ISO 8601 with zone); default now")
  .action(async (opts: Record<string, string>, command: Command) =>
    (await import("./commands/demo-command.js")).demo(opts, command),
  );

program
  .command("import")
  .description("import history from other tools")
  .command("git")
  .description(
    "commits (with parents, times and, with --paths, files) from a local git repository, and deployments from its tags or a deploy log; a second run reads only what is new",
  )
  .argument("<path>", "a local clone (or a directory inside one, or a bare repository)")
  .option("--repo <owner/repo>", "the repository's name (default: from the origin remote, else local/<dir>)")
  .option("--service <name>", "the service it is deployed as (default: the repository's name)")
  .option("--env <environment>", "the environment of the deployments", "production")
  .option("--deploy-tags <glob>", "tags matching this pattern (git tag -l) are successful deployments")
  .option("--deploy-log <file>", "deployments from a CSV or NDJSON file (docs/import-git.md)")
  .option(
    "--paths <glob...>",
    "the service's paths inside the repository (a monorepo): reads each commit's files",
  )
  .option("--count-history", "the service's first deployment ships the history before it")
  .option("--full", "read every commit again, not only those the database lacks")
  .action(async (path: string, flags: ImportGitFlags, command: Command) =>
    (await import("./commands/import-git-command.js")).importGit(path, flags, command),
  );

const connections = program
  .command("connections")
  .description("webhook connections: one per source and name, each with its own secret (docs/sources)");
const collect = (value: string, previous: string[] = []) => [...previous, value];

connections
  .command("add")
  .description("add a connection; without --secret Stride generates one and prints it once")
  .argument("<source>", "github, gitlab, pagerduty or cdevents")
  .argument("<name>", "the connection's name: the last segment of its webhook URL")
  .option("--secret <secret>", "the webhook's secret or token (16+ characters)")
  .option("--set <key=value>", "a setting, repeatable (docs/sources/<source>.md)", collect)
  .action(async (source: string, name: string, flags: AddFlags, command: Command) =>
    (await import("./commands/connections-command.js")).add(source, name, flags, command),
  );

connections
  .command("list")
  .description("every connection: its webhook URL, last delivery and counts by outcome and reason")
  .action(async (_opts: unknown, command: Command) =>
    (await import("./commands/connections-command.js")).list(command),
  );

connections
  .command("rotate")
  .description("give a connection a new secret (generated unless --secret)")
  .argument("<source>")
  .argument("<name>")
  .option("--secret <secret>", "the new secret (16+ characters)")
  .option(
    "--grace <duration>",
    "keep the previous secret valid this long (600, 30m, 1h, 2d); default: not at all",
  )
  .action(async (source: string, name: string, flags: RotateFlags, command: Command) =>
    (await import("./commands/connections-command.js")).rotate(source, name, flags, command),
  );

connections
  .command("set")
  .description("change settings (key=value; key= restores the default)")
  .argument("<source>")
  .argument("<name>")
  .argument("<key=value...>")
  .action(async (source: string, name: string, pairs: string[], _opts: unknown, command: Command) =>
    (await import("./commands/connections-command.js")).configure(source, name, pairs, command),
  );

connections
  .command("remove")
  .description("remove a connection (the events it brought stay)")
  .argument("<source>")
  .argument("<name>")
  .action(async (source: string, name: string, _opts: unknown, command: Command) =>
    (await import("./commands/connections-command.js")).remove(source, name, command),
  );

connections
  .command("deliveries")
  .description(
    "a connection's recent deliveries, newest first, with the reason of each ignored or rejected one",
  )
  .argument("<source>")
  .argument("<name>")
  .option("--limit <n>", "how many", "20")
  .option("--outcome <outcome>", "only accepted, duplicate, ignored or rejected ones")
  .action(async (source: string, name: string, flags: DeliveriesFlags, command: Command) =>
    (await import("./commands/connections-command.js")).deliveries(source, name, flags, command),
  );

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 64;
  } else {
    const { reportError } = await import("./runtime.js");
    process.exitCode = reportError(error, program.opts<{ json?: boolean }>().json === true);
  }
}
