import { decodeBase64Url } from "./base64-url.js";

/** Who a dashboard JWT says the caller is (§3.7). */
export interface JwtUser {
  userId: string;
  email: string | null;
}

/**
 * Reads a Supabase-style user JWT the way the mock does (§3.7): the payload is decoded **without**
 * verifying the signature (nor `exp`), `sub` is the user id, `email` is kept when present. The role
 * comes later from the workspace-membership table.
 *
 * Returns null for anything that is not a readable JWT with a string `sub`, and for `agk_` keys, which
 * are never accepted where a user token is expected (§3.1).
 *
 * @example
 * decodeUserJwt(createUnsignedJwt({ userId: "6f1c…" })); // { userId: "6f1c…", email: null }
 */
export function decodeUserJwt(token: string | null): JwtUser | null {
  if (!token || token.startsWith("agk_")) return null;
  const parts = token.split(".");
  if (parts.length < 2 || parts.length > 3) return null;
  const json = decodeBase64Url(parts[1] ?? "");
  if (json === null) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(json);
  } catch {
    return null;
  }
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) return null;
  const { sub, email } = payload as { sub?: unknown; email?: unknown };
  if (typeof sub !== "string" || sub.length === 0) return null;
  return { userId: sub, email: typeof email === "string" ? email : null };
}
