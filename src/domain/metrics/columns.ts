export type TypedArray = Float64Array | Int32Array | Uint8Array;

/** Float64Array, Int32Array or Uint8Array itself: makes arrays of its kind, also as views of a buffer. */
export interface TypedArrayKind<T extends TypedArray> {
  new (buffer: ArrayBuffer): T;
  readonly BYTES_PER_ELEMENT: number;
}

/** The most a column may reserve (address space only: memory is committed as it grows). */
const MAX_BYTES = 2 ** 32;

/** the room a column starts with, and grows to again after `free` */
const FIRST_BYTES = 8192;

/** Doubles a full column's buffer in place; one that cannot grow is an error, never values silently dropped. */
function grow(buffer: ArrayBuffer): void {
  if (buffer.byteLength === MAX_BYTES) throw new RangeError(`a column cannot grow past ${MAX_BYTES} bytes`);
  buffer.resize(Math.min(MAX_BYTES, Math.max(FIRST_BYTES, buffer.byteLength * 2)));
}

/**
 * Memory for a large temporary that goes back to the system when `free` is called, not at the next full
 * collection: a resizable buffer shrunk to nothing. A load's sort keys and discarded columns were otherwise garbage
 * at its peak, a hundred MB of it at an organisation's scale (ADR 0009).
 */
export function scratch<T extends TypedArray>(
  kind: TypedArrayKind<T>,
  n: number,
): { array: T; free(): void } {
  const bytes = n * kind.BYTES_PER_ELEMENT;
  const buffer = new ArrayBuffer(bytes, { maxByteLength: Math.max(bytes, 1) });
  return { array: new kind(buffer), free: () => buffer.resize(0) };
}

/**
 * A growable typed column, for builders that take rows one at a time. It grows in place (a resizable buffer: no
 * copy, and no outgrown buffer left as garbage) and its memory goes back to the system when it is taken or freed.
 */
export class Column<T extends TypedArray> {
  private readonly buffer: ArrayBuffer;
  /** the values pushed are `data[0, length)`; the rest is room to grow (a view that follows the buffer's size) */
  readonly data: T;
  length = 0;

  constructor(kind: TypedArrayKind<T>) {
    this.buffer = new ArrayBuffer(FIRST_BYTES, { maxByteLength: MAX_BYTES });
    this.data = new kind(this.buffer);
  }

  push(value: number): void {
    if (this.length === this.data.length) grow(this.buffer);
    this.data[this.length++] = value;
  }

  /** The values pushed, rearranged in place into `order` (a view: read it before `free`). */
  ordered(order: Int32Array): T {
    permuteInPlace(this.data, order, 1);
    return this.data.subarray(0, order.length) as T;
  }

  /** Gives the memory back; the column is empty (and may be pushed to again). */
  free(): void {
    this.buffer.resize(0);
    this.length = 0;
  }

  /**
   * The values pushed (in `order` when given) as an array of their own size; the column's memory goes back at
   * once, so a builder finishing millions of rows holds one column twice at most, and only while it is copied.
   */
  take(order?: Int32Array): T {
    const n = order?.length ?? this.length;
    const values = (order === undefined ? this.data.subarray(0, n) : this.ordered(order)).slice() as T;
    this.free();
    return values;
  }
}

/**
 * Rearranges rows of `width` values so that row k holds what row order[k] held, following the permutation's
 * cycles with one row held aside: no second copy of the column.
 */
export function permuteInPlace(data: TypedArray, order: Int32Array, width: number): void {
  const n = order.length;
  const flags = scratch(Uint8Array, n);
  const done = flags.array;
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
  flags.free();
}

/** The first n rows: a view when the buffer is at most a quarter larger, else a copy of their own size. */
export function fitted<T extends TypedArray>(data: T, n: number, width: number): T {
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
  private readonly buffer = new ArrayBuffer(1024 * 20, { maxByteLength: MAX_BYTES });
  /** 20 bytes a sha, in a buffer that grows in place like a Column's */
  private readonly bytes = new Uint8Array(this.buffer);
  private readonly length = new Column(Uint8Array);
  private readonly long = new Map<number, string>();

  push(sha: string): void {
    const i = this.length.length;
    if ((i + 1) * 20 > this.bytes.length) grow(this.buffer);
    for (let b = 0; b < 20; b++)
      this.bytes[i * 20 + b] = Number.parseInt(sha.slice(b * 2, b * 2 + 2).padEnd(2, "0"), 16);
    this.length.push(Math.min(sha.length, 40));
    if (sha.length > 40) this.long.set(i, sha);
  }

  /** the i-th sha taken */
  at(i: number): string {
    return shaOf({ bytes: this.bytes, length: this.length.data, long: this.long }, i);
  }

  /** the shas in `order`, else in the order taken; like Column.take, its memory goes back once copied */
  take(order?: Int32Array): Shas {
    const n = order?.length ?? this.length.length;
    let long = this.long;
    if (order !== undefined) {
      permuteInPlace(this.bytes, order, 20);
      long = new Map();
      if (this.long.size > 0)
        order.forEach((from, to) => {
          const text = this.long.get(from);
          if (text !== undefined) long.set(to, text);
        });
    }
    const bytes = this.bytes.slice(0, n * 20);
    this.buffer.resize(0);
    return { bytes, length: this.length.take(order), long };
  }
}
