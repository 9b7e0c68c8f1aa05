/**
 * Signs a seeded user in the mock's way: `POST /__mock/token` (the documented control-plane route)
 * answers an unsigned JWT whose `sub` is the user id. The mock resolves the role from its membership
 * table on every call, so what the page lets a user do is what the endpoints allow.
 *
 * How it fails: rejects with an `Error` naming the HTTP status, or the mock's `error` text.
 *
 * @example
 * const token = await requestUserToken(member.user_id, member.email);
 */
export async function requestUserToken(userId: string, email: string | null): Promise<string> {
  const response = await fetch("/__mock/token", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(email ? { userId, email } : { userId }),
  });
  const body = (await response.json().catch(() => null)) as {
    ok?: boolean;
    token?: unknown;
    error?: unknown;
  } | null;
  if (!response.ok || typeof body?.token !== "string") {
    throw new Error(
      typeof body?.error === "string" ? body.error : `POST /__mock/token answered HTTP ${response.status}`,
    );
  }
  return body.token;
}
