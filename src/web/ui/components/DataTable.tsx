import { type ReactNode, useState } from "react";
import { downloadCsv, toCsv } from "../csv";

export interface Column<T> {
  header: string;
  /** what the cell shows */
  cell: (row: T) => ReactNode;
  /** what the CSV holds (the exact value, not its formatting) */
  csv: (row: T) => unknown;
  numeric?: boolean;
}

/**
 * A table with a caption, scrollable on narrow screens, and a CSV download of its rows (or of every row
 * `loadAll` fetches, for paginated tables).
 */
export function DataTable<T>(props: {
  id: string;
  caption: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string;
  empty: ReactNode;
  loadAll?: () => Promise<readonly T[]>;
  rowClass?: (row: T) => string | undefined;
}) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setFailed(null);
    try {
      const rows = props.loadAll ? await props.loadAll() : props.rows;
      const csv = toCsv(
        props.columns.map((c) => c.header),
        rows.map((r) => props.columns.map((c) => c.csv(r))),
      );
      downloadCsv(`stride-${props.id}.csv`, csv);
    } catch (error) {
      setFailed(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="table-block">
      <div className="table-tools">
        <button type="button" onClick={download} disabled={busy} data-testid={`csv-${props.id}`}>
          {busy ? "Preparing CSV…" : "Download CSV"}
        </button>
        {failed !== null && (
          <span role="alert" className="error-text">
            CSV failed: {failed}
          </span>
        )}
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
      <section className="table-scroll" tabIndex={0} aria-label={props.caption}>
        <table data-testid={`table-${props.id}`}>
          <caption>{props.caption}</caption>
          <thead>
            <tr>
              {props.columns.map((c) => (
                <th key={c.header} scope="col" className={c.numeric ? "num" : undefined}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.length === 0 ? (
              <tr>
                <td colSpan={props.columns.length} className="empty-row">
                  {props.empty}
                </td>
              </tr>
            ) : (
              props.rows.map((row, i) => (
                <tr key={props.rowKey(row, i)} className={props.rowClass?.(row)}>
                  {props.columns.map((c) => (
                    <td key={c.header} className={c.numeric ? "num" : undefined}>
                      {c.cell(row)}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </section>
    </div>
  );
}
