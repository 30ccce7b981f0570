import type { z } from "zod";
import type { EventType, eventSchemas } from "../domain/events/schema.js";
import { authorPool, serviceNames, teamNames } from "./names.js";
import { Random } from "./random.js";
import { ServiceHistory } from "./service-history.js";

/**
 * A synthetic organisation "acme" for `stride demo` and `serve --demo-if-empty`: teams, services, and per
 * service a commit history, pull requests, CI runs, staging and production deployments (with failures,
 * rollbacks and hotfixes), incidents caused by some deployments, and feature-flag rollouts. Deterministic for
 * a seed; streams one service at a time, so a large organisation never sits in memory.
 */

export interface DemoOptions {
  seed: number;
  teams: number;
  services: number;
  days: number;
  /** Exclusive end of the generated period, epoch ms: the injected clock's now. */
  end: number;
}

export const defaultDemoOptions = { seed: 42, teams: 4, services: 12, days: 90 };

/** An event exactly as a client would POST it: instants are ISO strings with Z. */
export type DemoEvent = { [K in EventType]: z.input<(typeof eventSchemas)[K]> }[EventType];

export function* generateDemo(options: DemoOptions): Generator<DemoEvent> {
  const setup = new Random(options.seed, "setup");
  const teams = teamNames(setup, options.teams);
  const services = serviceNames(setup, options.services);
  // Stated as of the period's start, so the same seed and end give the same stored state on every run.
  const asOf = new Date(options.end - options.days * 86_400_000).toISOString();
  for (const name of teams) yield { type: "team", name, updatedAt: asOf };
  for (const [index, name] of services.entries()) {
    const team = teams[index % teams.length];
    yield {
      type: "service",
      name,
      updatedAt: asOf,
      ...(team === undefined ? {} : { team }),
      repos: [`acme/${name}`],
      productionEnvironments: ["production"],
      runbookUrl: `https://runbooks.acme.example/${name}`,
    };
  }
  for (const [index, name] of services.entries()) {
    const authors = authorPool(new Random(options.seed, "team", index % Math.max(1, teams.length)), 6);
    yield* new ServiceHistory(options, index, name, authors).events();
  }
}
