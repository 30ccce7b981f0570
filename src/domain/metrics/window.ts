/** The window [from, to) of a metric question. */
export interface Window {
  from: number;
  to: number;
}

export function inWindow(at: number | null, w: Window): at is number {
  return at !== null && at >= w.from && at < w.to;
}

export const DAY_MS = 86_400_000;

/** from → to in ms; NaN when either end is unknown (NaN or null) or the end comes before the start */
export function spanOf(from: number | null, to: number | null): number {
  return from === null || to === null || !(to >= from) ? Number.NaN : to - from;
}

export function windowDays(w: Window): number {
  return (w.to - w.from) / DAY_MS;
}

/** The first index of a sorted run of keys whose key is not below `value`. */
export function lowerBound(length: number, keyAt: (k: number) => number, value: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyAt(mid) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index range [start, end) of a run sorted by `keyAt` whose keys lie in [from, to). */
export function rangeIn(length: number, keyAt: (k: number) => number, w: Window): [number, number] {
  return [lowerBound(length, keyAt, w.from), lowerBound(length, keyAt, w.to)];
}
