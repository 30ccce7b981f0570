/** The window [from, to) of a metric question. */
export interface Window {
  from: number;
  to: number;
}

export function inWindow(at: number | null, w: Window): at is number {
  return at !== null && at >= w.from && at < w.to;
}

export const DAY_MS = 86_400_000;

export function windowDays(w: Window): number {
  return (w.to - w.from) / DAY_MS;
}
