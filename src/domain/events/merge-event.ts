import { hash as sha256Of } from "node:crypto";
import { instantFields } from "./fields.js";
import { type EventType, eventSchemas, eventTypes, type StrideEvent } from "./schema.js";

/**
 * Convergence: an entity's state is a last-writer-wins register per field, ordered by a version clock made
 * from the event's own timestamps. The merge is commutative, associative and idempotent, so any arrival order
 * of the same events ends in the same state (docs/events.md, "Updates and ordering").
 */

export interface EntityState {
  data: Record<string, unknown>;
  /**
   * The clock of the version that set each field of `data`, stored compactly: "_" holds the most common clock
   * and only fields set by another version are listed. A field absent from `data` has no clock.
   */
  clocks: Record<string, string>;
}

/** Finished states outrank in_progress when two versions claim the same instant. */
function progressRank(event: StrideEvent): number {
  if ("status" in event) return event.status === "in_progress" ? 0 : 1;
  if (event.type === "incident") return event.resolvedAt !== undefined ? 2 : event.acknowledgedAt ? 1 : 0;
  if (event.type === "pull_request") return event.mergedAt !== undefined ? 1 : 0;
  return 0;
}

/**
 * The version clock: the latest instant the event states (or its explicit updatedAt), then its progress, then a
 * content hash as a deterministic tiebreak. Events with no instant of their own (service, team) are ordered by
 * `fallbackAt`, the time Stride received them. Fixed-width fields make string order equal clock order.
 */
export function versionClock(event: StrideEvent, fallbackAt: number, canonical: string): string {
  const at = observedAt(event) ?? fallbackAt;
  const hash = sha256(canonical).slice(0, 16);
  return `${String(at).padStart(16, "0")}.${progressRank(event)}.${hash}`;
}

/** The instant fields each type has besides updatedAt: a change looks at two fields, not at all thirteen. */
const instantFieldsOf = {} as Record<EventType, readonly string[]>;
for (const type of eventTypes) {
  const shape = eventSchemas[type].shape;
  instantFieldsOf[type] = instantFields.filter(
    (field) => field !== "updatedAt" && Object.hasOwn(shape, field),
  );
}

/** The latest instant an event states about itself (or its explicit updatedAt); undefined when it states none. */
export function observedAt(event: StrideEvent): number | undefined {
  const record = event as unknown as Record<string, unknown>;
  if (typeof record.updatedAt === "number") return record.updatedAt;
  let observed: number | undefined;
  for (const field of instantFieldsOf[event.type]) {
    const v = record[field];
    if (typeof v === "number" && (observed === undefined || v > observed)) observed = v;
  }
  return observed;
}

export function mergeEvent(current: EntityState | undefined, event: StrideEvent, clock: string): EntityState {
  if (current === undefined) return firstState(event, clock);
  const data: Record<string, unknown> = { ...current.data };
  const clocks = new Map<string, string>();
  for (const field of Object.keys(data)) clocks.set(field, clockOf(current, field));
  for (const [field, value] of Object.entries(event)) {
    if (value === undefined) continue;
    const held = clocks.get(field);
    if (
      held === undefined ||
      (earliestWins.has(field) ? earlier(value, data[field], clock, held) : clock > held)
    ) {
      data[field] = value;
      clocks.set(field, clock);
    }
  }
  return { data, clocks: compactClocks(clocks) };
}

/**
 * A new entity's state is its first event: every field it sets, all under its clock (what the general merge gives
 * from no state, without building and compacting a clock per field).
 */
function firstState(event: StrideEvent, clock: string): EntityState {
  const data: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(event)) if (value !== undefined) data[field] = value;
  return { data, clocks: { _: clock } };
}

function clockOf(state: EntityState | undefined, field: string): string {
  return state?.clocks[field] ?? state?.clocks._ ?? "";
}

function compactClocks(clocks: Map<string, string>): Record<string, string> {
  const uses = new Map<string, number>();
  for (const c of clocks.values()) uses.set(c, (uses.get(c) ?? 0) + 1);
  let common = "";
  for (const [c, n] of uses) {
    const best = uses.get(common) ?? 0;
    if (n > best || (n === best && c > common)) common = c;
  }
  const out: Record<string, string> = { _: common };
  for (const [field, c] of clocks) if (c !== common) out[field] = c;
  return out;
}

/**
 * JSON with sorted keys, so equal values have equal text (hashes, dedupe keys, comparisons): JSON.stringify of the
 * value with every object's keys sorted. Plain data is sorted first and serialized natively; anything else takes
 * the general path, which defines the result.
 */
export function canonicalJson(value: unknown): string {
  const sorted = sortedKeys(value, 0);
  return sorted === UNSUPPORTED ? canonicalJsonByReplacer(value) : JSON.stringify(sorted);
}

function canonicalJsonByReplacer(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v as Record<string, unknown>).sort()) {
      sorted[k] = (v as Record<string, unknown>)[k];
    }
    return sorted;
  });
}

const UNSUPPORTED = Symbol("unsupported");
const MAX_DEPTH = 64;

/**
 * The value with its objects' keys in sorted order: an object already in order is kept, another is copied. What
 * JSON.stringify treats specially answers UNSUPPORTED: toJSON, instances of classes, keys that are array indexes
 * (an object lists those first, whatever their order), "__proto__", and depths that may be cycles.
 */
function sortedKeys(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== "object") return value;
  if (depth > MAX_DEPTH) return UNSUPPORTED;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = sortedKeys(value[i], depth + 1);
      if (item === UNSUPPORTED) return UNSUPPORTED;
      if (item !== value[i]) {
        copy ??= value.slice();
        copy[i] = item;
      }
    }
    return copy ?? value;
  }
  const prototype = Object.getPrototypeOf(value);
  const record = value as Record<string, unknown>;
  if ((prototype !== Object.prototype && prototype !== null) || typeof record.toJSON === "function") {
    return UNSUPPORTED;
  }
  const keys = Object.keys(record);
  let inOrder = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const first = key.charCodeAt(0);
    if ((first >= 48 && first <= 57) || key === "__proto__") return UNSUPPORTED;
    if (i > 0 && (keys[i - 1] as string) > key) inOrder = false;
  }
  if (inOrder) {
    let copy: Record<string, unknown> | undefined;
    for (const key of keys) {
      const item = sortedKeys(record[key], depth + 1);
      if (item === UNSUPPORTED) return UNSUPPORTED;
      if (item !== record[key]) {
        copy ??= { ...record };
        copy[key] = item;
      }
    }
    return copy ?? value;
  }
  const sorted: Record<string, unknown> = {};
  for (const key of keys.sort()) {
    const item = sortedKeys(record[key], depth + 1);
    if (item === UNSUPPORTED) return UNSUPPORTED;
    sorted[key] = item;
  }
  return sorted;
}

export function sameState(a: EntityState, b: EntityState): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * Instants that name the first time something happened keep the earliest value any version sends, whatever its
 * clock: a second review does not move a pull request's first review, and an acknowledgement that repeats its own
 * time as detectedAt (a source that does not know when the incident opened) does not move its detection. Still a
 * semilattice: the least value wins, and among equal values the greatest clock.
 */
export const earliestWins: ReadonlySet<string> = new Set([
  "firstCommitAt",
  "firstReviewAt",
  "detectedAt",
  "acknowledgedAt",
]);

function earlier(value: unknown, kept: unknown, clock: string, held: string): boolean {
  if (typeof value !== "number" || typeof kept !== "number") return clock > held;
  return value < kept || (value === kept && clock > held);
}

/** The hex SHA-256 of a text: the one-shot hash (Node 20.12+), about twice as fast as createHash for short texts. */
export function sha256(text: string): string {
  return sha256Of("sha256", text, "hex");
}
