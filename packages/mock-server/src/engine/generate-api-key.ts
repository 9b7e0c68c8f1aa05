import { bytesToHex } from "./sha256-hex.js";

/**
 * A fresh raw API key: `"agk_"` followed by 40 lowercase hex characters (20 random bytes, §3.2).
 * Shown to the caller once; only its SHA-256 is kept.
 *
 * @example
 * generateApiKey(); // "agk_3f9c…" (44 characters)
 */
export function generateApiKey(): string {
  return `agk_${bytesToHex(crypto.getRandomValues(new Uint8Array(20)))}`;
}
