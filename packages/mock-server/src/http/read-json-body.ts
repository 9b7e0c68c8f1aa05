import { asJsonObject } from "../engine/as-json-object.js";
import { parseBoundedJson } from "../engine/parse-bounded-json.js";

/**
 * Reads a request body that must be a JSON object; undefined when it is empty, not JSON, nested
 * deeper than `MAX_JSON_DEPTH` (128) levels, or not an object (the caller answers
 * `400 "Invalid JSON body"` before anything is stored). Invalid UTF-8 is read as U+FFFD, as
 * `Request.text()` does.
 *
 * @example
 * const body = await readJsonBody(request);
 * if (!body) return errorResponse(400, "Invalid JSON body");
 */
export async function readJsonBody(request: Request): Promise<Record<string, unknown> | undefined> {
  const text = await request.text();
  try {
    return asJsonObject(parseBoundedJson(text));
  } catch {
    return undefined;
  }
}
