/**
 * The shipments of the shas linking will look up, found as rows go by (their shas are not kept): keyed by the
 * first seven digits, since a cause names at least seven.
 */
export class WantedShas {
  private readonly byStart = new Map<string, string[]>();
  private readonly rows = new Map<string, number[]>();

  constructor(shas: Iterable<string>) {
    for (const sha of shas) {
      const prefix = sha.toLowerCase();
      const list = this.byStart.get(prefix.slice(0, 7));
      if (list === undefined) this.byStart.set(prefix.slice(0, 7), [prefix]);
      else if (!list.includes(prefix)) list.push(prefix);
    }
  }

  see(sha: string, row: number): void {
    if (this.byStart.size === 0) return;
    const lower = sha.toLowerCase();
    for (const prefix of this.byStart.get(lower.slice(0, 7)) ?? []) {
      if (!lower.startsWith(prefix)) continue;
      const rows = this.rows.get(prefix);
      if (rows === undefined) this.rows.set(prefix, [row]);
      else rows.push(row);
    }
  }

  /** per sha (lower case), its shipments' indices in the final `order` */
  found(order: Int32Array): Map<string, Int32Array> {
    const found = new Map<string, Int32Array>();
    if (this.rows.size === 0) return found;
    const placed = new Map<number, number>();
    for (const rows of this.rows.values()) for (const row of rows) placed.set(row, -1);
    order.forEach((row, k) => {
      if (placed.has(row)) placed.set(row, k);
    });
    for (const [sha, rows] of this.rows)
      found.set(sha, Int32Array.from(rows, (row) => placed.get(row) as number).sort());
    return found;
  }
}
