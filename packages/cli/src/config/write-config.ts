import { chmod, mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { SentrailConfig } from "./sentrail-config";

/**
 * Writes the config as JSON with mode 0600 (its directory 0700 when created), replacing the file
 * atomically (write to a temporary file, then rename) so a crash never leaves half a config. An
 * existing file's mode is reset to 0600 too.
 *
 * Rejects with Node's error when the directory cannot be created or written (`EACCES`, `EROFS`).
 *
 * @example
 * await writeConfig(resolveConfigPath(undefined), config);
 */
export async function writeConfig(path: string, config: SentrailConfig): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}
