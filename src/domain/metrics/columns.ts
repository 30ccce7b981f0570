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
  /** The buffer as it is (its spare room past `length` too), let go by the column: a builder's last read. */
  release(): T {
    const data = this.data;
    this.data = this.make(0);
    return data;
  }

  /**
   * The values pushed (in `order` when given), rearranged in place: a builder finishing millions of rows never
   * holds a column twice. The column lets go of its buffer.
   */
  take(order?: Int32Array): T {
    const data = this.data;
    this.data = this.make(0);
    if (order !== undefined) permuteInPlace(data, order, 1);
    return fitted(data, order?.length ?? this.length, 1);
  }
}

/**
 * Rearranges rows of `width` values so that row k holds what row order[k] held, following the permutation's
 * cycles with one row held aside: no second copy of the column.
 */
export function permuteInPlace(
  data: Float64Array | Int32Array | Uint8Array,
  order: Int32Array,
  width: number,
): void {
  const n = order.length;
  const done = new Uint8Array(n);
  const held = data.slice(0, width);
  for (let start = 0; start < n; start++) {
    if (done[start] === 1) continue;
    held.set(data.subarray(start * width, start * width + width));
    for (let to = start; ; ) {
      done[to] = 1;
      const from = order[to] as number;
      if (from === start) {
        data.set(held, to * width);
        break;
      }
      data.copyWithin(to * width, from * width, from * width + width);
      to = from;
    }
  }
}

/**
 * The first n rows: a view when the buffer is at most a quarter larger (a grown column's spare room, kept rather
 * than copied at the peak of a load), else a copy of their own size.
 */
export function fitted<T extends Float64Array | Int32Array | Uint8Array>(
  data: T,
  n: number,
  width: number,
): T {
  const used = n * width;
  return (data.length - used <= used / 4 ? data.subarray(0, used) : data.slice(0, used)) as T;
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

  /** The values, the index let go: a builder's last step (`of` is not called after it). */
  release(): string[] {
    this.index.clear();
    return this.values;
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

/** The two hex digits of each byte value, as character codes. */
const HEX_CODES = Uint8Array.from({ length: 512 }, (_, k) =>
  (k >> 1)
    .toString(16)
    .padStart(2, "0")
    .charCodeAt(k & 1),
);
const hexText = new Uint8Array(40);
const decoder = new TextDecoder("latin1");

/**
 * Linking reads deployments' shas millions of times: the digits are written into one buffer and decoded as one
 * string, not built from a string per byte (that was gigabytes of garbage per link at full scale).
 */
export function shaOf(shas: Shas, i: number): string {
  const long = shas.long.get(i);
  if (long !== undefined) return long;
  for (let b = 0; b < 20; b++) {
    const byte = shas.bytes[i * 20 + b] as number;
    hexText[2 * b] = HEX_CODES[2 * byte] as number;
    hexText[2 * b + 1] = HEX_CODES[2 * byte + 1] as number;
  }
  const length = shas.length[i] as number;
  return decoder.decode(length === 40 ? hexText : hexText.subarray(0, length));
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

  /** the shas in `order`, else in the order taken; like Column.take, rearranged in place */
  take(order?: Int32Array): Shas {
    const bytes = this.bytes;
    this.bytes = new Uint8Array(0);
    const n = order?.length ?? this.length.length;
    let long = this.long;
    if (order !== undefined) {
      permuteInPlace(bytes, order, 20);
      long = new Map();
      if (this.long.size > 0)
        order.forEach((from, to) => {
          const text = this.long.get(from);
          if (text !== undefined) long.set(to, text);
        });
    }
    return { bytes: fitted(bytes, n, 20), length: this.length.take(order), long };
  }
}
