/** Agent headers passed on to the tool API (§4.2); everything else stays with the gateway. */
const FORWARDED = ["accept", "content-type", "user-agent", "x-github-api-version"] as const;

/**
 * The agent's headers that gateway-proxy forwards upstream (§4.2): `Accept`, `Content-Type`,
 * `User-Agent`, `X-GitHub-Api-Version`, with lower-case names. Never `Authorization`, `Cookie`,
 * `Host`, `X-Agent-Id` or any `X-Sentrail-*`: they are not in the list. Also what a deferred action
 * stores (§7.1).
 *
 * @example
 * pickForwardedHeaders(request.headers); // { "content-type": "application/json" }
 */
export function pickForwardedHeaders(headers: Headers): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of FORWARDED) {
    const value = headers.get(name);
    if (value !== null) picked[name] = value;
  }
  return picked;
}
