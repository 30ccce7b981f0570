/** Benchmark payloads: every event is new (distinct id), so each one costs a real insert. */

const T0 = Date.UTC(2026, 0, 1);

export function benchEvent(run: string, i: number): Record<string, unknown> {
  return {
    type: "deployment",
    id: `${run}-${i}`,
    service: `svc-${i % 50}`,
    environment: "production",
    startedAt: new Date(T0 + i * 1000).toISOString(),
    finishedAt: new Date(T0 + i * 1000 + 90_000).toISOString(),
    status: "success",
    sha: (i * 2654435761).toString(16).padStart(8, "0").slice(-8).padEnd(40, "0"),
    version: `1.${i}`,
  };
}

export function benchBatch(run: string, batch: number, size: number): string {
  const events: Record<string, unknown>[] = [];
  for (let i = 0; i < size; i++) events.push(benchEvent(run, batch * size + i));
  return JSON.stringify(events);
}
