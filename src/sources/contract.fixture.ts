import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Source } from "./source.js";

/**
 * What the shared contract suite (contract.test.ts) needs from each source: its real fixtures and how the source
 * signs a delivery. Each source folder has `<source>.fixture.ts` exporting `fixtures: SourceFixtures`.
 */

/** shared/fixtures beside the repository (never edited: they are other people's payloads). */
export const FIXTURES = fileURLToPath(new URL("../../../shared/fixtures/", import.meta.url));

export interface Fixture {
  /** path under shared/fixtures (or a package), for test names */
  name: string;
  /** the body as the source sends it */
  body: Buffer;
  /** headers the delivery carries besides signature and delivery id (event type, content type) */
  headers: Record<string, string>;
}

export interface SourceFixtures {
  source: Source;
  /** the connection's secret in tests */
  secret: string;
  /** Signature (or token) and delivery id headers of a delivery of `body`. */
  sign(body: Buffer, secret: string, deliveryId: string): Record<string, string>;
  /** every real fixture of the source */
  all: Fixture[];
  /** a fixture that maps to at least one event */
  mapped: Fixture;
  /** a fixture of an event type Stride does not use */
  unused: Fixture;
}

export function fixtureFile(path: string, headers: Record<string, string>): Fixture {
  return { name: path, body: readFileSync(join(FIXTURES, path)), headers };
}

/** Every .json file under a fixture folder, sorted. */
export function jsonFilesUnder(folder: string): string[] {
  const root = join(FIXTURES, folder);
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith(".json")) found.push(relative(FIXTURES, path));
    }
  };
  walk(root);
  return found;
}

export function byName(all: readonly Fixture[], name: string): Fixture {
  const found = all.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no fixture ${name}`);
  return found;
}
