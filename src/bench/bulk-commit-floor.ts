import { createHash } from "node:crypto";
import SqliteDatabase from "better-sqlite3";
import { canonicalJson, mergeEvent, versionClock } from "../domain/events/merge-event.js";
import { validateEvent } from "../domain/events/validate-event.js";
import { redactValue } from "../ingest/redact.js";
import { projectRow } from "../store/entity-tables.js";
import { openStore } from "../store/open-store.js";

/**
 * An experiment, not a write path: what writing commits costs without the generic store path (Kysely-built
 * multi-row statements, a read of current states, per-table grouping), with the same work per event (validate,
 * canonical body, content hash as delivery id, merge, projection) and the same rows: the raw log keeps every
 * event, so replay rebuilds what it wrote. It gives the figures for the bulk-path proposal in docs/import-git.md.
 */
export async function bulkCommitFloor(
  file: string,
  events: readonly Record<string, unknown>[],
): Promise<number> {
  const store = await openStore(`sqlite:${file}`);
  await store.close();
  const db = new SqliteDatabase(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  const raw = db.prepare(
    `insert into raw_events (source, delivery_id, received_at, status, entity_type, entity_id, body)
     values (?, ?, ?, 'accepted', ?, ?, ?) on conflict (source, delivery_id) do nothing`,
  );
  const change = db.prepare(
    `insert into changes (id, data, clocks, repo, sha, parents, authored_at, committed_at, author, title, pull_request, files)
     values (@id, @data, @clocks, @repo, @sha, @parents, @authored_at, @committed_at, @author, @title, @pull_request, @files)
     on conflict (id) do nothing`,
  );
  const write = db.transaction((chunk: readonly Record<string, unknown>[], receivedAt: number) => {
    for (const value of chunk) {
      const result = validateEvent(value);
      if (!result.ok) continue;
      const body = canonicalJson(redactValue(value));
      const deliveryId = `sha256:${createHash("sha256").update(body).digest("hex")}`;
      const inserted = raw.run("git", deliveryId, receivedAt, result.event.type, result.event.id, body);
      if (inserted.changes === 0) continue;
      const state = mergeEvent(
        undefined,
        result.event,
        versionClock(result.event, receivedAt, canonicalJson(result.event)),
      );
      change.run({
        id: result.event.id,
        ...projectRow("change", state.data),
        data: canonicalJson(state.data),
        clocks: canonicalJson(state.clocks),
      });
    }
  });
  const started = performance.now();
  for (let i = 0; i < events.length; i += 5000) write(events.slice(i, i + 5000), Date.now());
  const ms = performance.now() - started;
  db.close();
  return ms;
}
