/**
 * The only form in which the CLI shows an API key: `agk_…` and its last four characters. Anything
 * that does not look like a key is masked whole.
 *
 * @example
 * maskApiKey("agk_0123456789abcdef0123456789abcdef01234567"); // "agk_…4567"
 */
export function maskApiKey(apiKey: string | null | undefined): string {
  if (typeof apiKey !== "string" || apiKey === "") return "(not set)";
  if (!apiKey.startsWith("agk_") || apiKey.length < 12) return "(set, not an agk_ key)";
  return `agk_…${apiKey.slice(-4)}`;
}
