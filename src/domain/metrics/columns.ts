/** A growable typed column, for builders that take rows one at a time. */
export class Column<T extends Float64Array | Int32Array | Uint8Array> {
  data: T;
  length = 0;
  constructor(private readonly make: (n: number) => T) {
    this.data = make(1024);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = this.make(Math.max(1024, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  /**
   * The values pushed (in `order` when given), in a buffer of their own size. The column lets go of its own
   * buffer, so a builder finishing column by column never holds its data twice.
   */
  take(order?: Int32Array): T {
    const data = this.data;
    this.data = this.make(0);
    if (order === undefined) return data.slice(0, this.length) as T;
    const out = this.make(order.length);
    for (let k = 0; k < order.length; k++) out[k] = data[order[k] as number] as number;
    return out;
  }
}

/** Strings numbered in order of first sight. */
export class Interner {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  of(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

/**
 * Commit shas as 20 bytes each (40 hex digits) instead of 40-character strings, a third of the memory. Shorter
 * shas keep their length; longer ones (SHA-256 repositories) keep their text in `long`.
 */
export interface Shas {
  bytes: Uint8Array;
  length: Uint8Array;
  long: Map<number, string>;
}

export function shaOf(shas: Shas, i: number): string {
  const long = shas.long.get(i);
  if (long !== undefined) return long;
  let hex = "";
  for (let b = 0; b < 20; b++) hex += (shas.bytes[i * 20 + b] as number).toString(16).padStart(2, "0");
  return hex.slice(0, shas.length[i]);
}

export function sameSha(shas: Shas, a: number, b: number): boolean {
  return compareShas(shas, a, b) === 0;
}

/** A total order of shas (by their bytes, then length, then long text), for grouping equal ones by sorting. */
export function compareShas(shas: Shas, a: number, b: number): number {
  for (let k = 0; k < 20; k++) {
    const d = (shas.bytes[a * 20 + k] as number) - (shas.bytes[b * 20 + k] as number);
    if (d !== 0) return d;
  }
  const d = (shas.length[a] as number) - (shas.length[b] as number);
  if (d !== 0) return d;
  const x = shas.long.get(a) ?? "";
  const y = shas.long.get(b) ?? "";
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Takes shas one at a time. */
export class ShaColumn {
  private bytes = new Uint8Array(1024 * 20);
  private readonly length = new Column((n) => new Uint8Array(n));
  private readonly long = new Map<number, string>();

  push(sha: string): void {
    const i = this.length.length;
    if ((i + 1) * 20 > this.bytes.length) {
      const next = new Uint8Array(Math.max(1024 * 20, this.bytes.length * 2));
      next.set(this.bytes);
      this.bytes = next;
    }
    for (let b = 0; b < 20; b++)
      this.bytes[i * 20 + b] = Number.parseInt(sha.slice(b * 2, b * 2 + 2).padEnd(2, "0"), 16);
    this.length.push(Math.min(sha.length, 40));
    if (sha.length > 40) this.long.set(i, sha);
  }

  /** the i-th sha taken */
  at(i: number): string {
    return shaOf({ bytes: this.bytes, length: this.length.data, long: this.long }, i);
  }

  /** the shas in `order`; like Column.take, the column lets go of its buffer */
  take(order: Int32Array): Shas {
    const bytes = new Uint8Array(order.length * 20);
    const long = new Map<number, string>();
    order.forEach((from, to) => {
      bytes.set(this.bytes.subarray(from * 20, from * 20 + 20), to * 20);
      const text = this.long.get(from);
      if (text !== undefined) long.set(to, text);
    });
    this.bytes = new Uint8Array(0);
    return { bytes, length: this.length.take(order), long };
  }
}
