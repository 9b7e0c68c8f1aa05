import { encodeBase64Url } from "./base64-url.js";

/** Claims of a mock user token. */
export interface UnsignedJwtClaims {
  userId: string;
  email?: string | null;
  /** Issued-at, epoch milliseconds (defaults to now). */
  issuedAtMs?: number;
}

/**
 * An unsigned (`alg: "none"`) JWT whose `sub` is the user id, as `POST /__mock/token` answers. The mock
 * decodes tokens without verifying them (§3.7), so this is all a test needs to act as a reviewer or
 * admin. Never accepted by a real Sentrail.
 *
 * @example
 * const token = createUnsignedJwt({ userId: "11111111-1111-4111-8111-111111111111" });
 * // "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOi…."
 */
export function createUnsignedJwt(claims: UnsignedJwtClaims): string {
  const issuedAt = Math.floor((claims.issuedAtMs ?? Date.now()) / 1000);
  const header = encodeBase64Url(JSON.stringify({ alg: "none", typ: "JWT" }));
  const payload = encodeBase64Url(
    JSON.stringify({
      sub: claims.userId,
      ...(claims.email ? { email: claims.email } : {}),
      role: "authenticated",
      aud: "authenticated",
      iat: issuedAt,
      exp: issuedAt + 365 * 24 * 3600,
    }),
  );
  return `${header}.${payload}.`;
}
