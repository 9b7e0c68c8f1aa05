import { isUuid } from "./is-uuid.js";

/**
 * The one rule for ids the API receives (approval request ids, correlation ids, workspace ids, key
 * ids): a UUID in any letter case names the same thing, and is looked up in lower case, the case the
 * mock generates and stores ids in (seeds are lower-cased too). Anything that is not a UUID gives
 * null, and the caller answers as it does for a missing id (400 for a body field that must be a UUID,
 * 404 for a path parameter).
 *
 * @example
 * normalizeUuid("550E8400-E29B-41D4-A716-446655440000"); // "550e8400-e29b-41d4-a716-446655440000"
 * normalizeUuid("not-a-uuid");                          // null
 */
export function normalizeUuid(value: unknown): string | null {
  return isUuid(value) ? value.toLowerCase() : null;
}
