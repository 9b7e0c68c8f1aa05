import { DEFAULT_PORT, type SentrailConfig } from "./sentrail-config";
import { validateConfigField } from "./validate-config-field";

/** What {@link parseConfig} answers. */
export type ParsedConfig = { ok: true; config: SentrailConfig } | { ok: false; problems: string[] };

/**
 * Checks a config object (as read from `config.json`, or assembled from flags) and fills the
 * defaults (`port` 3773, `logLevel` `info`, no upstream). Every problem is listed, one message per
 * field, none containing a value.
 *
 * @example
 * parseConfig({ apiKey: "agk_…", workspaceId: "…", cloudUrl: "https://x.supabase.co/functions/v1" });
 * // → { ok: true, config: { …, port: 3773, logLevel: "info", upstreamMcpUrl: null, upstreamCommand: null } }
 */
export function parseConfig(input: unknown): ParsedConfig {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return { ok: false, problems: ["The config must be a JSON object"] };
  }
  const record = input as Record<string, unknown>;
  const config = {
    apiKey: record.apiKey,
    workspaceId: record.workspaceId,
    upstreamMcpUrl: emptyToNull(record.upstreamMcpUrl),
    upstreamCommand: emptyToNull(record.upstreamCommand),
    cloudUrl: typeof record.cloudUrl === "string" ? record.cloudUrl.replace(/\/+$/, "") : record.cloudUrl,
    port: record.port ?? DEFAULT_PORT,
    logLevel: record.logLevel ?? "info",
  };
  const problems: string[] = [];
  for (const [name, value] of Object.entries(config) as Array<[keyof SentrailConfig, unknown]>) {
    const problem = validateConfigField(name, value);
    if (problem !== null) problems.push(problem);
  }
  return problems.length === 0 ? { ok: true, config: config as SentrailConfig } : { ok: false, problems };
}

function emptyToNull(value: unknown): unknown {
  return value === undefined || value === "" ? null : value;
}
