import { expect } from "vitest";
import type { TestServer } from "./start-test-server.js";

/** Shapes of credentials that must never be stored where `/__mock/state` can show them. */
const SECRET_SHAPES = [
  /agk_[A-Za-z0-9]{8,}/,
  /\bgh[pousr]_[A-Za-z0-9]{8,}/,
  /lin_(?:api|oauth)_[A-Za-z0-9]{8,}/,
  /Bearer\s+[A-Za-z0-9._-]{8,}/i,
  /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/,
];

/**
 * The secret scan run at the end of each suite: no API key, tool token, webhook secret, user token or
 * Authorization value that any seed or request of this server used appears anywhere in `/__mock/state`.
 *
 * @example
 * it("leaves no secret in /__mock/state", () => expectNoSecretsInState(server));
 */
export async function expectNoSecretsInState(server: TestServer): Promise<void> {
  const response = await fetch(`${server.origin}/__mock/state`);
  const text = await response.text();
  expect(response.status).toBe(200);
  const leaked = server.secrets.filter((secret) => text.includes(secret));
  expect(leaked, "seeded secrets found in /__mock/state").toEqual([]);
  for (const shape of SECRET_SHAPES) {
    expect(text.match(shape)?.[0] ?? null, `credential-shaped text in /__mock/state (${shape})`).toBeNull();
  }
}
