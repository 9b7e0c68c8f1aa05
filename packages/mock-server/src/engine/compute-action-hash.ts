import { sha256Hex } from "./sha256-hex.js";

/**
 * The integrity hash of a deferred action (§7.4, decision G32): SHA-256, lowercase hex, of
 * `target_url + "\n" + METHOD + "\n" + (body ?? "")`.
 *
 * @example
 * await computeActionHash("https://api.github.com/repos/o/r/pulls", "post", '{"title":"x"}');
 */
export function computeActionHash(targetUrl: string, method: string, body: string | null): Promise<string> {
  return sha256Hex(`${targetUrl}\n${method.toUpperCase()}\n${body ?? ""}`);
}
