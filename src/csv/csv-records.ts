/** One CSV cell: its text, and whether it was quoted (an empty quoted cell is an empty string, not a missing value). */
export interface CsvCell {
  value: string;
  quoted: boolean;
}

/** A record and the line it starts on (a quoted cell may span lines). */
export interface CsvRecord {
  line: number;
  cells: CsvCell[];
}

/**
 * RFC 4180 records: quoted cells (with "" for a quote) may hold commas and line breaks; CRLF, LF or CR end a record;
 * a leading BOM and blank lines are skipped (as Go's encoding/csv does). A bare quote inside an unquoted cell, text
 * after a closing quote or an unterminated quote is an error naming the line: a reader that guessed would shift
 * every cell after it.
 */
export function csvRecords(input: string): CsvRecord[] {
  const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let cells: CsvCell[] = [];
  let value = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endCell = () => {
    cells.push({ value, quoted });
    value = "";
    quoted = false;
  };
  const endRecord = () => {
    endCell();
    const blank = cells.length === 1 && !(cells[0] as CsvCell).quoted && (cells[0] as CsvCell).value === "";
    if (!blank) records.push({ line: recordLine, cells });
    cells = [];
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"' && value === "" && !quoted) {
      // a quoted field: read to its closing quote
      quoted = true;
      const opened = line;
      i++;
      for (;;) {
        if (i >= text.length) throw new Error(`CSV line ${opened}: a quoted field is not closed`);
        const q = text[i] as string;
        if (q === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === "\n" || (q === "\r" && text[i + 1] !== "\n")) line++;
        value += q;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
        throw new Error(`CSV line ${line}: text after a closing quote`);
      }
      continue;
    }
    if (c === ",") {
      endCell();
      i++;
    } else if (c === "\n" || c === "\r") {
      endRecord();
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      recordLine = line;
    } else if (c === '"') {
      throw new Error(`CSV line ${line}: a quote inside an unquoted field`);
    } else {
      value += c;
      i++;
    }
  }
  if (value !== "" || quoted || cells.length > 0) endRecord();
  return records;
}
