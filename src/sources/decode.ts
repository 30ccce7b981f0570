import { errorBody } from "../errors.js";
import type { Decoded, Headers, WebhookRequest } from "./source.js";

/** Body decoding every source shares: the media type, JSON, form encoding. */

/** The media type of a Content-Type header, lower-case without parameters ("" when absent). */
export function mediaType(headers: Headers): string {
  return (headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

export function isJsonType(type: string): boolean {
  return type === "" || type === "application/json" || type.endsWith("+json");
}

/** The default decoder: a JSON object, sent as application/json (or any +json type, or no type at all). */
export function decodeJson(request: WebhookRequest): Decoded {
  const type = mediaType(request.headers);
  if (!isJsonType(type)) return unsupported(type, "application/json");
  return parseJsonObject(request.rawBody.toString("utf8"));
}

export function parseJsonObject(text: string): Decoded {
  if (text.trim() === "") {
    return {
      ok: false,
      error: errorBody("empty_body", "the request body is empty", "the source must send its JSON payload"),
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      error: errorBody(
        "invalid_json",
        `the body is not valid JSON: ${(error as Error).message}`,
        "the payload was cut or altered on the way; check proxies between the source and Stride",
      ),
    };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return {
      ok: false,
      error: errorBody(
        "invalid_payload",
        `the payload is ${value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`}, not a JSON object`,
        "send the source's webhook payload unchanged",
      ),
    };
  }
  return { ok: true, body: value };
}

export function unsupported(type: string, accepted: string): Decoded {
  return {
    ok: false,
    error: errorBody(
      "unsupported_media_type",
      `Content-Type ${type === "" ? "(none)" : type} is not accepted on this webhook`,
      `configure the source to send ${accepted}`,
    ),
  };
}
