import { decodeUserJwt, type JwtUser } from "../engine/decode-user-jwt.js";
import { readBearerToken } from "../engine/read-bearer-token.js";

/**
 * The dashboard user of a request (§3.7): the `Authorization: Bearer <jwt>` payload decoded without
 * verification. Null for a missing or garbled token or an `agk_` key (→ `401 "Not authenticated"`).
 *
 * @example
 * const user = authenticateUser(request);
 * if (!user) return errorResponse(401, "Not authenticated");
 */
export function authenticateUser(request: Request): JwtUser | null {
  return decodeUserJwt(readBearerToken(request.headers.get("authorization")));
}
