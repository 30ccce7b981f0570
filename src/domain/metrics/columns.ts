/** A growable typed column, for builders that take rows one at a time. */
export class Column<T extends Float64Array | Int32Array | Uint8Array> {
  data: T;
  length = 0;
  constructor(private readonly make: (n: number) => T) {
    this.data = make(1024);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  /** the values pushed, in a buffer of their own size */
  trimmed(): T {
    return this.data.slice(0, this.length) as T;
  }
  /** the values in `order`, trimmed */
  permuted(order: Int32Array): T {
    const out = this.make(order.length);
    for (let k = 0; k < order.length; k++) out[k] = this.data[order[k] as number] as number;
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
