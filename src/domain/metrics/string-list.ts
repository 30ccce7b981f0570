import { Buffer } from "node:buffer";

/** Strings by index: an array's, or packed as UTF-8 bytes (packStrings). */
export interface StringList {
  readonly length: number;
  get(i: number): string;
}

export function stringList(values: readonly string[]): StringList {
  return { length: values.length, get: (i) => values[i] as string };
}

/**
 * The strings end to end as UTF-8 bytes, with where each starts: an organisation's 479 k deployment ids were 24 MB
 * of the heap as strings and their array, and are 12 MB packed (ADR 0009). Each `get` makes a new string: for lists
 * read rarely, one row at a time (a drill-down, a lookup by id).
 */
export function packStrings(list: StringList): StringList {
  const starts = new Int32Array(list.length + 1);
  for (let i = 0; i < list.length; i++)
    starts[i + 1] = (starts[i] as number) + Buffer.byteLength(list.get(i), "utf8");
  const bytes = Buffer.alloc(starts[list.length] as number);
  for (let i = 0; i < list.length; i++) bytes.write(list.get(i), starts[i] as number, "utf8");
  return {
    length: list.length,
    get: (i) => bytes.toString("utf8", starts[i], starts[i + 1]),
  };
}
