/**
 * The token of an `Authorization: Bearer <token>` header value (scheme case-insensitive), or null when
 * the header is missing or has another shape.
 *
 * @example
 * readBearerToken("Bearer agk_abc"); // "agk_abc"
 * readBearerToken("Basic dXNlcg=="); // null
 */
export function readBearerToken(authorization: string | null): string | null {
  if (!authorization) return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
  return match?.[1] ?? null;
}
