import { asJsonObject } from "../engine/as-json-object.js";

/**
 * Reads a request body that must be a JSON object; undefined when it is empty, not JSON, or not an
 * object (the caller answers `400 "Invalid JSON body"`).
 *
 * @example
 * const body = await readJsonBody(request);
 * if (!body) return errorResponse(400, "Invalid JSON body");
 */
export async function readJsonBody(request: Request): Promise<Record<string, unknown> | undefined> {
  const text = await request.text();
  try {
    return asJsonObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}
