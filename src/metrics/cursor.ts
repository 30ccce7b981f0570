import { StrideError } from "../errors.js";

/**
 * Opaque pagination cursors: base64url JSON of the last position. Clients pass them back unchanged; anything
 * else is `invalid_cursor`, never a silently different page.
 */
export function encodeCursor(position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(["c1", ...position])).toString("base64url");
}

export function decodeCursor(cursor: string): (string | number)[] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(value) &&
      value[0] === "c1" &&
      value.slice(1).every((v) => typeof v === "string" || typeof v === "number")
    ) {
      return value.slice(1) as (string | number)[];
    }
  } catch {
    // fall through to the error below
  }
  throw new StrideError(
    "invalid_cursor",
    "the cursor is not one Stride issued",
    "pass the nextCursor of the previous page unchanged, or leave it out for the first page",
    "cursor",
  );
}

const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export function parseLimit(value: unknown): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
    throw new StrideError(
      "invalid_request",
      `limit must be a whole number from 1 to ${MAX_LIMIT}`,
      `e.g. limit=${DEFAULT_LIMIT}`,
      "limit",
    );
  }
  return n;
}

/** A page of an in-memory list (drill-down), by offset: only the page's rows are rendered. */
export function pageOf<T>(
  list: { total: number; rows(start: number, end: number): T[] },
  limit: number,
  cursor: string | undefined,
): { items: T[]; nextCursor: string | null } {
  const start = cursor === undefined ? 0 : Number(decodeCursor(cursor)[0]);
  if (!Number.isInteger(start) || start < 0)
    throw new StrideError(
      "invalid_cursor",
      "the cursor is not one Stride issued",
      "leave it out for the first page",
      "cursor",
    );
  const end = start + limit;
  return { items: list.rows(start, end), nextCursor: end < list.total ? encodeCursor([end]) : null };
}
