import { readFile } from "node:fs/promises";

/** What {@link readConfigFile} found. */
export type ConfigFile =
  | { kind: "missing"; path: string }
  | { kind: "unreadable"; path: string; message: string }
  | { kind: "found"; path: string; data: unknown };

/**
 * Reads `config.json` without judging it (see `parseConfig`): missing, unreadable (not JSON, no
 * permission), or its parsed contents. Never throws.
 *
 * @example
 * const file = await readConfigFile(resolveConfigPath(undefined));
 * if (file.kind === "missing") console.error("run sentrail init first");
 */
export async function readConfigFile(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return { kind: "missing", path };
    return { kind: "unreadable", path, message: (error as Error).message };
  }
  try {
    return { kind: "found", path, data: JSON.parse(text) };
  } catch {
    return { kind: "unreadable", path, message: "not valid JSON" };
  }
}
