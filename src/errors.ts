/**
 * The one catalogue of error codes. Every code is documented in docs/errors.md (a test keeps the two in step);
 * each transport maps a code to its own shape once: HTTP status here, CLI exit code here.
 */
export const errorCatalogue = {
  invalid_json: { status: 400, exit: 65, title: "Body is not valid JSON" },
  invalid_event: { status: 400, exit: 65, title: "Event is not a JSON object" },
  unknown_event_type: { status: 400, exit: 65, title: "Unknown event type" },
  missing_field: { status: 400, exit: 65, title: "Required field missing" },
  invalid_field: { status: 400, exit: 65, title: "Field has the wrong type or value" },
  unknown_field: { status: 400, exit: 65, title: "Field not part of the event format" },
  timestamp_without_zone: { status: 400, exit: 65, title: "Timestamp has no time zone" },
  invalid_timestamp: { status: 400, exit: 65, title: "Timestamp is not a valid instant" },
  id_too_long: { status: 400, exit: 65, title: "Identifier longer than the limit" },
  empty_body: { status: 400, exit: 65, title: "Request body is empty" },
  batch_too_large: { status: 413, exit: 65, title: "Too many events in one request" },
  body_too_large: { status: 413, exit: 65, title: "Request body over the size limit" },
  unsupported_media_type: { status: 415, exit: 65, title: "Content type not accepted" },
  invalid_request: { status: 400, exit: 64, title: "Request does not match the route's schema" },
  unauthorized: { status: 401, exit: 77, title: "Missing or wrong credentials" },
  unknown_metric: { status: 400, exit: 64, title: "Unknown metric" },
  unknown_filter: { status: 400, exit: 64, title: "Unknown query parameter" },
  invalid_window: { status: 400, exit: 64, title: "Window is empty or reversed" },
  window_too_large: { status: 400, exit: 64, title: "Window longer than the configured maximum" },
  unknown_time_zone: { status: 400, exit: 64, title: "Unknown IANA time zone" },
  unknown_benchmark: { status: 400, exit: 64, title: "Unknown DORA benchmark" },
  invalid_cursor: { status: 400, exit: 64, title: "Pagination cursor is not one Stride issued" },
  unknown_source: { status: 404, exit: 64, title: "No webhook source of that name" },
  unknown_connection: { status: 404, exit: 66, title: "No webhook connection of that name" },
  connection_exists: { status: 409, exit: 73, title: "A connection of that name exists" },
  invalid_setting: { status: 400, exit: 64, title: "Connection setting is invalid" },
  invalid_secret: { status: 400, exit: 64, title: "Connection secret is too short or too long" },
  missing_signature: { status: 401, exit: 77, title: "Webhook request is not signed" },
  invalid_signature: { status: 401, exit: 77, title: "Webhook signature or token does not match" },
  missing_header: { status: 400, exit: 65, title: "A header the source always sends is missing" },
  invalid_payload: { status: 400, exit: 65, title: "Webhook payload does not have the source's shape" },
  secrets_key_unavailable: {
    status: 500,
    exit: 78,
    title: "The key that encrypts connection secrets is missing or wrong",
  },
  not_found: { status: 404, exit: 66, title: "No such resource" },
  invalid_config: { status: 500, exit: 78, title: "Configuration is invalid" },
  invalid_argument: { status: 400, exit: 64, title: "Command-line argument is invalid" },
  file_not_found: { status: 404, exit: 66, title: "File not found" },
  not_a_git_repository: { status: 400, exit: 66, title: "Path is not a git repository" },
  shallow_repository: { status: 400, exit: 65, title: "Repository is a shallow clone" },
  no_matching_tags: { status: 400, exit: 64, title: "Tag pattern matches no tag" },
  invalid_deploy_log: { status: 400, exit: 65, title: "Deploy log cannot be read" },
  deploy_log_rows_rejected: { status: 400, exit: 65, title: "Deploy log rows rejected" },
  git_unavailable: { status: 500, exit: 69, title: "The git command is not installed" },
  git_failed: { status: 500, exit: 74, title: "A git command failed" },
  database_unreachable: { status: 503, exit: 69, title: "Database cannot be reached" },
  migrations_pending: { status: 503, exit: 69, title: "Database schema is behind this version" },
  internal_error: { status: 500, exit: 70, title: "Unexpected internal error" },
} as const satisfies Record<string, { status: number; exit: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  hint: string;
  field?: string;
}

export class StrideError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, hint: string, field?: string) {
    super(message);
    this.name = "StrideError";
    this.code = code;
    this.hint = hint;
    this.field = field;
  }

  toBody(): ErrorBody {
    return errorBody(this.code, this.message, this.hint, this.field);
  }
}

export function errorBody(code: ErrorCode, message: string, hint: string, field?: string): ErrorBody {
  return field === undefined ? { code, message, hint } : { code, message, hint, field };
}

export function httpStatusOf(code: ErrorCode): number {
  return errorCatalogue[code].status;
}

export function exitCodeOf(code: ErrorCode): number {
  return errorCatalogue[code].exit;
}

export function isStrideError(value: unknown): value is StrideError {
  return value instanceof StrideError;
}
