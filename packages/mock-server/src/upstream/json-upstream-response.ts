import type { UpstreamResponse } from "./upstream-types.js";

/**
 * Builds an {@link UpstreamResponse} carrying `body` as JSON (or no body for `undefined`, e.g. a 204).
 * Used by the built-in fakes and by scripted answers, so every synthetic answer looks alike.
 *
 * @example
 * jsonUpstreamResponse(201, { id: 1 }); // → { status: 201, headers: { "content-type": "application/json" }, body: '{"id":1}' }
 */
export function jsonUpstreamResponse(status: number, body: unknown): UpstreamResponse {
  if (body === undefined) return { status, headers: {}, body: "" };
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}
