import { parseConfig } from "../config/parse-config";
import { readConfigFile } from "../config/read-config";
import type { SentrailConfig } from "../config/sentrail-config";

/** What {@link loadConfig} answers. */
export type LoadedConfig = { ok: true; config: SentrailConfig } | { ok: false; problems: string[] };

/**
 * The config file with flag and environment overrides applied (overrides win, `undefined` ones are
 * ignored), validated. A missing file is fine when the overrides give every required value.
 *
 * @example
 * const loaded = await loadConfig(resolveConfigPath(flags.config), { cloudUrl: flags.cloudUrl });
 */
export async function loadConfig(
  configPath: string,
  overrides: Partial<SentrailConfig>,
): Promise<LoadedConfig> {
  const file = await readConfigFile(configPath);
  if (file.kind === "unreadable")
    return { ok: false, problems: [`cannot read ${configPath}: ${file.message}`] };
  const base = file.kind === "found" && typeof file.data === "object" && file.data !== null ? file.data : {};
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const parsed = parseConfig({ ...base, ...defined });
  if (parsed.ok) return parsed;
  const hint = file.kind === "missing" ? [`no config at ${configPath}: run sentrail init`] : [];
  return { ok: false, problems: [...hint, ...parsed.problems] };
}
