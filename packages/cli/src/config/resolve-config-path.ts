import { homedir } from "node:os";
import { join, resolve } from "node:path";

/**
 * Where the config lives: `--config <path>` when given (relative to the working directory), else
 * `~/.sentrail/config.json`, with `~` from `HOME` (`os.homedir()`), so tests and CI can point it at a
 * temporary directory.
 *
 * @example
 * resolveConfigPath(undefined); // "/home/me/.sentrail/config.json"
 */
export function resolveConfigPath(configPath: string | undefined): string {
  if (configPath !== undefined && configPath.trim() !== "") return resolve(configPath);
  return join(homedir(), ".sentrail", "config.json");
}
