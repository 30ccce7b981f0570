import { readFileSync, statSync } from "node:fs";
import { type CsvRecord, csvRecords } from "../csv/csv-records.js";
import { type ErrorBody, errorBody, StrideError } from "../errors.js";

/** The fields a deploy log row may carry (docs/import-git.md), with the column names each is read from. */
export const deployLogFields = {
  sha: ["sha", "commit", "commitsha", "revision"],
  version: ["version", "tag", "release"],
  finishedAt: ["finishedat", "finished", "time", "deployedat", "timestamp", "date"],
  startedAt: ["startedat", "started"],
  environment: ["environment", "env"],
  status: ["status"],
  kind: ["kind"],
  id: ["id"],
} as const;

export type DeployLogField = keyof typeof deployLogFields;

export interface DeployLogRow {
  /** 1-based line of the file the row starts on */
  line: number;
  values: Partial<Record<DeployLogField, unknown>>;
}

export interface DeployLogProblem {
  line: number;
  error: ErrorBody;
}

export interface DeployLog {
  format: "csv" | "ndjson";
  rows: DeployLogRow[];
  problems: DeployLogProblem[];
}

const fieldOfName = new Map<string, DeployLogField>(
  Object.entries(deployLogFields).flatMap(([field, names]) =>
    names.map((n): [string, DeployLogField] => [n, field as DeployLogField]),
  ),
);

/** "finished_at", "Finished At" and "finishedAt" are one column. */
function fieldOf(column: string): DeployLogField | undefined {
  return fieldOfName.get(column.toLowerCase().replace(/[\s_-]+/g, ""));
}

const ACCEPTED = "sha, version, finishedAt (or time), startedAt, environment, status, kind, id";

/**
 * Reads a deploy log whole (they are small): CSV with a header row, or NDJSON (one object per line; the format
 * is told by the extension .ndjson/.jsonl/.json, else by the first character). A file that cannot be a deploy
 * log at all (missing, empty, a header without the columns needed) is an error before anything is written;
 * problems in single rows are answered with their line numbers, beside the good rows.
 */
export function readDeployLog(file: string): DeployLog {
  let text: string;
  try {
    if (!statSync(file).isFile()) throw new Error("not a file");
    text = readFileSync(file, "utf8");
  } catch {
    throw new StrideError(
      "file_not_found",
      `no deploy log at ${file}`,
      "give the path of a .csv or .ndjson file",
    );
  }
  const byName = /\.(ndjson|jsonl|json)$/i.test(file) ? "ndjson" : /\.csv$/i.test(file) ? "csv" : undefined;
  const format = byName ?? (text.trimStart().startsWith("{") ? "ndjson" : "csv");
  return parseDeployLog(text.replace(/^\uFEFF/, ""), format, file);
}

export function parseDeployLog(text: string, format: "csv" | "ndjson", file = "the deploy log"): DeployLog {
  const log = format === "csv" ? parseCsvLog(text, file) : parseNdjsonLog(text);
  if (log.rows.length === 0 && log.problems.length === 0) {
    throw new StrideError(
      "invalid_deploy_log",
      `${file} has no deployments`,
      `give one row per deployment: ${ACCEPTED}`,
    );
  }
  return log;
}

function parseNdjsonLog(text: string): DeployLog {
  const log: DeployLog = { format: "ndjson", rows: [], problems: [] };
  text.split("\n").forEach((rawLine, i) => {
    const line = i + 1;
    if (rawLine.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(rawLine);
    } catch (error) {
      log.problems.push({
        line,
        error: errorBody(
          "invalid_json",
          `not valid JSON: ${(error as Error).message}`,
          "one JSON object per line",
        ),
      });
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      log.problems.push({
        line,
        error: errorBody("invalid_event", "a deploy log line is a JSON object", `fields: ${ACCEPTED}`),
      });
      return;
    }
    const values: DeployLogRow["values"] = {};
    for (const [key, v] of Object.entries(value)) {
      const field = fieldOf(key);
      if (field === undefined) {
        log.problems.push({
          line,
          error: errorBody("unknown_field", `unknown field "${key}"`, `fields: ${ACCEPTED}`, key),
        });
        return;
      }
      values[field] = v;
    }
    log.rows.push({ line, values });
  });
  return log;
}

function parseCsvLog(text: string, file: string): DeployLog {
  let records: CsvRecord[];
  try {
    records = csvRecords(text);
  } catch (error) {
    throw new StrideError(
      "invalid_deploy_log",
      `${file}: ${(error as Error).message}`,
      'quote cells that contain commas, quotes or line breaks, and double the quotes inside them ("")',
    );
  }
  const [header, ...body] = records.map((r) => ({ line: r.line, cells: r.cells.map((c) => c.value) }));
  if (header === undefined) {
    throw new StrideError("invalid_deploy_log", `${file} is empty`, `start with a header row: ${ACCEPTED}`);
  }
  const columns = header.cells.map((c) => fieldOf(c.trim()));
  const unknown = header.cells.filter((_, i) => columns[i] === undefined);
  if (unknown.length > 0) {
    throw new StrideError(
      "invalid_deploy_log",
      `${file}: unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((c) => `"${c}"`).join(", ")} in the header (line ${header.line})`,
      `columns: ${ACCEPTED}`,
    );
  }
  const duplicate = columns.find((c, i) => columns.indexOf(c) !== i);
  if (duplicate !== undefined) {
    throw new StrideError("invalid_deploy_log", `${file}: two columns give ${duplicate}`, "keep one of them");
  }
  if (!columns.includes("finishedAt") || !(columns.includes("sha") || columns.includes("version"))) {
    throw new StrideError(
      "invalid_deploy_log",
      `${file}: the header needs a finishedAt (or time) column and a sha or version column; it has ${header.cells.join(", ")}`,
      `e.g. "sha,finishedAt,environment" — columns: ${ACCEPTED}`,
    );
  }
  const log: DeployLog = { format: "csv", rows: [], problems: [] };
  for (const record of body) {
    if (record.cells.length !== columns.length) {
      log.problems.push({
        line: record.line,
        error: errorBody(
          "invalid_deploy_log",
          `${record.cells.length} cells; the header has ${columns.length}`,
          "quote cells that contain commas",
        ),
      });
      continue;
    }
    const values: DeployLogRow["values"] = {};
    columns.forEach((field, i) => {
      const cell = record.cells[i]?.trim() ?? "";
      if (field !== undefined && cell !== "") values[field] = cell;
    });
    log.rows.push({ line: record.line, values });
  }
  return log;
}
