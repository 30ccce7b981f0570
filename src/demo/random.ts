/**
 * Deterministic randomness and a working-hours calendar for the demo organisation: no Math.random and no
 * system clock, so one seed always yields the same organisation.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** People work 08:00–18:00 UTC, Monday to Friday. */
const WORK_START = 8 * HOUR;
const WORK_END = 18 * HOUR;
export const WORKDAY = WORK_END - WORK_START;

/**
 * A seeded generator: cyrb128 hashes the seed parts into 128 bits of state for sfc32. Each service draws from
 * its own stream (seed, "service", index); with 128 bits of state thousands of streams never overlap in
 * practice, which a 32-bit generator such as mulberry32 cannot promise.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...parts: (string | number)[]) {
    const state = cyrb128(parts.join(":"));
    this.a = state[0];
    this.b = state[1];
    this.c = state[2];
    this.d = state[3];
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator). */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4_294_967_296;
  }

  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("cannot pick from an empty list");
    return item;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const a = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = a;
    }
    return copy;
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }

  /** Lognormal with the given median; sigma is the spread of its logarithm (1 ≈ a long tail). */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** A 40-hex commit sha. */
  sha(): string {
    let hex = "";
    for (let i = 0; i < 5; i++) hex += this.uint32().toString(16).padStart(8, "0");
    return hex;
  }
}

function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * The instant `duration` of working time after `at` (an instant outside working hours first moves to the next
 * working morning). Used to place what people do: commits, reviews, merges, planned deployments.
 */
export function addWorkingTime(at: number, duration: number): number {
  let now = at;
  let left = Math.max(0, duration);
  for (;;) {
    const dayIndex = Math.floor(now / DAY);
    const day = dayIndex * DAY;
    const weekday = (dayIndex + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    if (weekday === 0 || weekday === 6 || now >= day + WORK_END) {
      now = day + DAY + WORK_START;
      continue;
    }
    if (now < day + WORK_START) now = day + WORK_START;
    const room = day + WORK_END - now;
    if (left < room) return now + left;
    left -= room;
    now = day + DAY + WORK_START;
  }
}
